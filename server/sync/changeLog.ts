import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db, Dialect } from '../db/types';
import type { SyncEntity } from '../../shared/sync/entities';
import type { SyncRow } from '../../shared/sync/protocol';

export type SyncDialect = Dialect;
export type SyncDb = Db;
export type SyncTrx = Transaction<Database>;
/** For queries over a table chosen at run time (the entity tables); the columns are the domain fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UntypedDb = Kysely<any>;

/** The PostgreSQL channel that carries "something committed" from every server process to every other. */
export const syncNotifyChannel = 'accord_sync';

/**
 * Key of the transaction-scoped advisory lock that serialises change_log appends on PostgreSQL. Sequence values are
 * handed out in call order but commit in any order, so a reader could see seq 11 before seq 10 commits and move its
 * cursor past 10 for good. Taking this lock before drawing a seq and holding it until commit makes seq order equal
 * commit order: a reader can never see a higher seq while a lower one is still in flight.
 */
export const changeLogLockKey = 7_340_001;

/** Who made a change and how: the audit half of a change_log row. */
export interface ChangeAudit {
  actorId: string | null;
  clientId: string | null;
  mutationId: number | null;
  /** The client's clock when the agent made the change (null for server-made changes). */
  clientTime: number | null;
  serverTime: number;
  /** Made while the client was offline and replayed later. */
  offline: boolean;
}

export interface LoggedChange {
  entity: SyncEntity;
  id: string;
  op: 'put' | 'delete';
  row: SyncRow | null;
  before: SyncRow | null;
  version: number;
}

/** `{ field: { before, after } }` for every field that differs (every field for creates and deletes). */
export function fieldPatch(
  before: SyncRow | null,
  after: SyncRow | null,
): Record<string, { before: unknown; after: unknown }> {
  const patch: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const a = before?.[key] ?? null;
    const b = after?.[key] ?? null;
    if (a === b) continue;
    if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) continue;
    patch[key] = { before: a, after: b };
  }
  return patch;
}

/**
 * Appends one change_log row per changed entity inside the caller's transaction and returns the highest seq.
 * Every writer of synced rows (sync push, SLA scanner, admin routes) must call this in the same transaction as the
 * row writes: the log is both the sync feed and the audit trail.
 */
export async function appendChangeLog(
  trx: SyncTrx,
  dialect: SyncDialect,
  changes: readonly LoggedChange[],
  audit: ChangeAudit,
): Promise<number> {
  if (changes.length === 0) return 0;
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${changeLogLockKey})`.execute(trx);
  const replayed = dialect === 'sqlite' ? (audit.offline ? 1 : 0) : audit.offline;
  const inserted = await trx
    .insertInto('change_log')
    .values(
      changes.map((change) => ({
        entity: change.entity,
        entityId: change.id,
        op: change.op,
        row: change.row === null ? null : JSON.stringify(change.row),
        patch: JSON.stringify(fieldPatch(change.before, change.row)),
        version: change.version,
        actorId: audit.actorId,
        clientId: audit.clientId,
        mutationId: audit.mutationId,
        clientTime: audit.clientTime,
        serverTime: audit.serverTime,
        replayed,
      })),
    )
    .returning('seq')
    .execute();
  const seq = Math.max(...inserted.map((row) => Number(row.seq)));
  // NOTIFY is transactional: other processes hear it only if and when this transaction commits.
  if (dialect === 'postgres') await sql`select pg_notify(${syncNotifyChannel}, ${String(seq)})`.execute(trx);
  return seq;
}

/** The highest committed seq (0 for an empty log; the horizon once retention has trimmed every entry). */
export async function headSeq(db: SyncDb | SyncTrx): Promise<number> {
  const row = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('head')).executeTakeFirst();
  // A snapshot taken at 0 after a trim would send its client to pull from below the horizon: 410, forever.
  return Math.max(Number(row?.head ?? 0), await logHorizon(db));
}

const horizonKey = 'sync.logHorizon';

/** Every change with seq ≤ the horizon has been trimmed from the log: cursors below it answer 410. */
export async function logHorizon(db: SyncDb | SyncTrx): Promise<number> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', horizonKey).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Drops log entries with seq ≤ `upToSeq` (retention) and records the new horizon, in one transaction. */
export async function trimChangeLog(db: SyncDb, upToSeq: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('change_log').where('seq', '<=', upToSeq).execute();
    await trx
      .insertInto('meta')
      .values({ key: horizonKey, value: String(upToSeq) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(upToSeq) }))
      .execute();
  });
}
