import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../types';
/**
 * Tickets carry what their SLA clocks need beyond the last message times, so that the console's clocks from the
 * row alone equal the server's (shared/domain/ticket.ts): `statusHistory` and `awaitingReplySince`.
 * Existing rows get an empty history: what came before their next change is unknown, and the clocks fall back to
 * reading the current status as set at `updatedAt`, as they did before.
 */
export function ticketStatusHistoryMigration(dialect: Dialect): Migration {
  const bigint = dialect === 'postgres' ? sql`bigint` : sql`integer`;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not today's types
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('tickets')
        .addColumn('statusHistory', sql`text`, (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.alterTable('tickets').addColumn('awaitingReplySince', bigint).execute();
      // What the console assumed before the column existed: the last customer message, when no reply followed it.
      await db
        .updateTable('tickets')
        .set({ awaitingReplySince: sql.ref('lastCustomerMessageAt') })
        .where(sql.ref('lastCustomerMessageAt'), '>', sql.ref('createdAt'))
        .where((eb) => eb.or([eb('lastAgentReplyAt', 'is', null), eb(sql.ref('lastCustomerMessageAt'), '>', sql.ref('lastAgentReplyAt'))]))
        .execute();
    },
  };
}
