import { syncEntities, syncEntityNames, type SyncEntity } from '../../shared/sync/entities';
import type { BootstrapLine } from '../../shared/sync/protocol';
import { decodeRow } from '../db/codec';
import { headSeq, type SyncDb, type UntypedDb } from './changeLog';

export const bootstrapPageSize = 2000;

/**
 * The snapshot as NDJSON lines, page by page (keyset on id, so memory stays flat for the large data set).
 * Rows are read after `seq` was taken, so each is at least as new as `seq`; the client then pulls from `seq`,
 * and re-applying those later whole-row changes in order converges on the same rows. No long read transaction is
 * held, so writers are never blocked by a slow client.
 */
export async function* bootstrapLines(
  db: SyncDb,
  serverNow: number,
  entities: readonly SyncEntity[] = syncEntityNames,
): AsyncGenerator<string> {
  const seq = await headSeq(db);
  const counts: Record<string, number> = {};
  for (const entity of entities) {
    const row = await (db as unknown as UntypedDb)
      .selectFrom(syncEntities[entity])
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    counts[entity] = Number(row?.n ?? 0);
  }
  yield line({ type: 'begin', seq, counts, serverNow });
  for (const entity of entities) {
    let after: string | null = null;
    for (;;) {
      let query = (db as unknown as UntypedDb).selectFrom(syncEntities[entity]).selectAll().orderBy('id').limit(bootstrapPageSize);
      if (after !== null) query = query.where('id', '>', after);
      const rows = await query.execute();
      if (rows.length === 0) break;
      after = String(rows[rows.length - 1]!.id);
      yield line({ type: 'rows', entity, rows: rows.map((row) => decodeRow(entity, row) as Record<string, unknown>) });
      if (rows.length < bootstrapPageSize) break;
    }
  }
  yield line({ type: 'end', seq });
}

function line(value: BootstrapLine): string {
  return `${JSON.stringify(value)}\n`;
}
