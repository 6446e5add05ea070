import { sql } from 'kysely';
import { can } from '../../shared/api/permissions';
import {
  MutationRejected,
  prepareMutation,
  runPreparedMutation,
  type MutationActor,
  type RowChange,
} from '../../shared/sync/mutators';
import type { Mutation, MutationOutcome, RejectionCode } from '../../shared/sync/protocol';
import { appendChangeLog, changeLogLockKey, type SyncDb, type SyncTrx, type SyncDialect } from './changeLog';
import { nextTicketNumber } from '../db/ticketNumbers';
import { loadRows, writeRows } from './rowStore';

/** A change made this long (by the client's estimate of server time) before it reached the server was made offline. */
export const offlineReplayThresholdMs = 2 * 60_000;

/** The pushed id is beyond lastMutationId + 1: something in between is missing; the client resends from there. */
export class MutationGapError extends Error {
  constructor(
    readonly lastMutationId: number,
    readonly pushedId: number,
  ) {
    super(`mutation ${pushedId} cannot follow ${lastMutationId}: resend from ${lastMutationId + 1}`);
  }
}

/** The client id is registered to another agent (client ids are per agent and device). */
export class ClientMismatchError extends Error {
  constructor(readonly clientId: string) {
    super(`client ${clientId} belongs to another agent`);
  }
}

export interface ApplyMutationInput {
  clientId: string;
  actor: MutationActor;
  mutation: Mutation;
  /** The server clock (injected so tests control it). */
  serverNow: number;
}

export interface ApplyMutationResult {
  outcome: MutationOutcome;
  /** Highest change_log seq written (0 when nothing changed). */
  seq: number;
  lastMutationId: number;
}

/**
 * Runs one pushed mutation in ONE transaction: entity rows, one change_log row per changed entity, the mutation's
 * result and the client's last mutation id commit together or not at all — so a retry after a crash either finds
 * the mutation applied (skipped) or not there (applied now), never half.
 */
export async function applyMutation(db: SyncDb, dialect: SyncDialect, input: ApplyMutationInput): Promise<ApplyMutationResult> {
  return db.transaction().execute(async (trx) => {
    const client = await openSyncClient(trx, dialect, input.clientId, input.actor.id, input.serverNow);
    const result = await applyMutationInTransaction(trx, input, client);
    await saveSyncClient(trx, client);
    return result;
  });
}

/** A client's last mutation id as the current transaction sees it; saved once per transaction. */
export interface SyncClientCursor {
  clientId: string;
  dialect: SyncDialect;
  lastMutationId: number;
  savedMutationId: number;
}

/**
 * Opens the client's row for a writing transaction (registering the client on first contact). On PostgreSQL it
 * first takes the change-log lock: sync writers are serialised, so mutators' read-modify-write of whole rows
 * loses no update under READ COMMITTED, and change_log seqs commit in order (see changeLogLockKey).
 */
export async function openSyncClient(
  trx: SyncTrx,
  dialect: SyncDialect,
  clientId: string,
  agentId: string,
  now: number,
): Promise<SyncClientCursor> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${changeLogLockKey})`.execute(trx);
  const lastMutationId = await clientLastMutationId(trx, clientId, agentId, now);
  return { clientId, dialect, lastMutationId, savedMutationId: lastMutationId };
}

export async function saveSyncClient(trx: SyncTrx, client: SyncClientCursor): Promise<void> {
  if (client.lastMutationId === client.savedMutationId) return;
  await trx.updateTable('sync_clients').set({ lastMutationId: client.lastMutationId }).where('clientId', '=', client.clientId).execute();
  client.savedMutationId = client.lastMutationId;
}

/**
 * The body of `applyMutation`, inside the caller's transaction. Everything it writes — rows, log, result, last
 * mutation id — commits or rolls back with that transaction, so a transaction may carry several consecutive
 * mutations of one push (group commit) without weakening exactly-once.
 */
export async function applyMutationInTransaction(
  trx: SyncTrx,
  input: ApplyMutationInput,
  client: SyncClientCursor,
): Promise<ApplyMutationResult> {
  const { clientId, actor, mutation, serverNow } = input;
  const dialect = client.dialect;
  {
    const lastMutationId = client.lastMutationId;
    if (mutation.id <= lastMutationId) {
      return { outcome: await earlierOutcome(trx, clientId, mutation.id), seq: 0, lastMutationId };
    }
    if (mutation.id > lastMutationId + 1) throw new MutationGapError(lastMutationId, mutation.id);

    let changes: RowChange[];
    let rejection: { code: RejectionCode; reason: string } | null = null;
    try {
      const prepared = prepareMutation(mutation.name, mutation.args);
      const state = await loadRows(trx, prepared);
      changes = runPreparedMutation(prepared, state, { now: serverNow, actor }, can).changes;
    } catch (error) {
      if (!(error instanceof MutationRejected)) throw error;
      rejection = { code: error.code, reason: error.reason };
      changes = [];
    }

    for (const change of changes) {
      // The server stamps the human-facing number of tickets created on clients.
      if (change.entity === 'ticket' && change.op === 'put' && change.before === null && change.row?.number === null) {
        change.row = { ...change.row, number: await nextTicketNumber(trx) };
      }
    }
    await writeRows(trx, dialect, changes);
    const seq = await appendChangeLog(
      trx,
      dialect,
      changes.map((change) => ({ ...change, version: Number(change.row?.version ?? change.before?.version ?? 0) })),
      {
        actorId: actor.id,
        clientId,
        mutationId: mutation.id,
        clientTime: mutation.clientTime,
        serverTime: serverNow,
        offline: mutation.offline === true || serverNow - mutation.clientTime > offlineReplayThresholdMs,
      },
    );
    await trx
      .insertInto('mutation_results')
      .values({
        clientId,
        mutationId: mutation.id,
        status: rejection ? 'rejected' : 'applied',
        code: rejection?.code ?? null,
        reason: rejection?.reason ?? null,
        at: serverNow,
      })
      .execute();
    client.lastMutationId = mutation.id;

    const outcome: MutationOutcome = rejection
      ? { id: mutation.id, status: 'rejected', code: rejection.code, reason: rejection.reason }
      : { id: mutation.id, status: 'applied' };
    return { outcome, seq, lastMutationId: mutation.id };
  }
}

/** The client's last applied-or-rejected mutation id, registering the client on first contact. */
async function clientLastMutationId(trx: SyncTrx, clientId: string, agentId: string, now: number): Promise<number> {
  const row = await trx.selectFrom('sync_clients').selectAll().where('clientId', '=', clientId).executeTakeFirst();
  if (!row) {
    await trx.insertInto('sync_clients').values({ clientId, agentId, lastMutationId: 0, createdAt: now }).execute();
    return 0;
  }
  if (row.agentId !== agentId) throw new ClientMismatchError(clientId);
  return Number(row.lastMutationId);
}

/** A retried mutation: rejections are answered again (the first reply may have been lost), applied ones skipped. */
async function earlierOutcome(trx: SyncTrx, clientId: string, mutationId: number): Promise<MutationOutcome> {
  const row = await trx
    .selectFrom('mutation_results')
    .select(['status', 'code', 'reason'])
    .where('clientId', '=', clientId)
    .where('mutationId', '=', mutationId)
    .executeTakeFirst();
  if (row?.status === 'rejected') {
    return { id: mutationId, status: 'rejected', code: row.code as RejectionCode, reason: String(row.reason) };
  }
  return { id: mutationId, status: 'skipped' };
}

/** The client's last mutation id for a pull (0 for an unknown client or one of another agent). */
export async function lastMutationIdOf(db: SyncDb, clientId: string | undefined, agentId: string): Promise<number> {
  if (!clientId) return 0;
  const row = await db
    .selectFrom('sync_clients')
    .select(['agentId', 'lastMutationId'])
    .where('clientId', '=', clientId)
    .executeTakeFirst();
  return row && row.agentId === agentId ? Number(row.lastMutationId) : 0;
}
