import { Migrator, type Kysely, type Migration } from 'kysely';
import { initialMigration } from './migrations/0001_initial';
import { ticketStatusHistoryMigration } from './migrations/0002_ticket_status_history';
import type { Dialect } from './types';

/** Numbered migrations, in code (not read from disk) so they survive bundling into the desktop app. */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(dialect),
    '0002_ticket_status_history': ticketStatusHistoryMigration(dialect),
  };
}

/** Brings the schema up to date; safe to call on every start and from several processes (Kysely takes a lock). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database shape: migrations define it
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const which = failed ? ` ${failed.migrationName}` : '';
    throw new Error(`database migration${which} failed: ${cause.message}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
