import { sql } from 'kysely';
import type { Db } from './types';

/**
 * The next human-facing ticket number. Call inside the transaction that creates the ticket: the counter row
 * stays locked until commit, so numbers are unique and gap-free across processes.
 */
export async function nextTicketNumber(db: Db): Promise<number> {
  const row = await db
    .updateTable('meta')
    .set({ value: sql<string>`CAST(CAST(${sql.ref('value')} AS BIGINT) + 1 AS TEXT)` })
    .where('key', '=', 'ticket_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
