import { can } from '../../../shared/api/permissions';
import type { SyncRow } from '../../../shared/sync/protocol';
import {
  loadMutationReads,
  MapMutationState,
  prepareMutation,
  runPreparedMutation,
  type MutationInput,
  type MutationName,
} from '../../../shared/sync/mutators';
import { applyNewMutation, applyPendingMutations, replayTables } from './applyPendingMutations';
import type { AccordDb, OutboxEntry } from './db';
import { metaKeys, type SyncIdentity } from './syncMeta';
import { baseRowForMutation, storedRow } from './ticketGroups';

export class NotSignedInError extends Error {
  constructor() {
    super('The local cache has no signed-in agent yet; changes cannot be saved.');
  }
}

/**
 * Queues a mutation durably (strict-durability transaction) and shows its effect at once. Throws
 * MutationRejected when the change is refused already locally (invalid args, no permission, stale transition
 * as far as this client knows) — nothing is queued then.
 */
export async function enqueueMutation<N extends MutationName>(
  db: AccordDb,
  name: N,
  args: MutationInput<N>,
  options: { now: number; offline: boolean },
): Promise<OutboxEntry> {
  const prepared = prepareMutation(name, args);
  return db.transaction('rw', replayTables(db), async () => {
    const identity = (await db.meta.get(metaKeys.identity))?.value as SyncIdentity | undefined;
    if (!identity) throw new NotSignedInError();
    const state = new MapMutationState();
    await loadMutationReads(prepared, state, async (entity, id) => {
      const overlay = await db.overlay.get([entity, id]);
      return overlay ? (overlay.row ?? undefined) : ((await baseRowForMutation(db, entity, id, prepared.args)) as SyncRow | undefined);
    });
    const actor = { id: identity.agentId, role: identity.role };
    runPreparedMutation(prepared, state, { now: options.now, actor }, can);
    const id = Number((await db.meta.get(metaKeys.nextMutationId))?.value ?? 1);
    // Store the validated args (defaults filled in) so that every replay — here and on the server — sees the same.
    const entry: OutboxEntry = { id, name, args: prepared.args, clientTime: options.now, status: 'pending' };
    if (options.offline) entry.offline = true;
    await db.outbox.add(entry);
    await db.meta.put({ key: metaKeys.nextMutationId, value: id + 1 });
    await applyNewMutation(db, entry);
    return entry;
  });
}

/** Drops a rejected change for good. */
export async function discardRejected(db: AccordDb, id: number): Promise<void> {
  await db.outbox.where({ id, status: 'rejected' }).delete();
}

/**
 * Tries a rejected change again as a new mutation, based on what the agent sees now: an owner change takes the
 * current version, a status change the current status (the agent has seen the reason and decided to override).
 */
export async function retryRejected(db: AccordDb, id: number, now: number, offline: boolean): Promise<OutboxEntry | null> {
  const entry = await db.outbox.get(id);
  if (!entry || entry.status !== 'rejected') return null;
  const args = { ...(entry.args as Record<string, unknown>) };
  if ((entry.name === 'ticket.assign' || entry.name === 'ticket.setStatus') && typeof args.ticketId === 'string') {
    const overlay = await db.overlay.get(['ticket', args.ticketId]);
    const ticket = (overlay ? overlay.row : await storedRow(db, 'tickets', args.ticketId)) as { version: number; status: string } | null | undefined;
    if (ticket && entry.name === 'ticket.assign') args.expectedVersion = ticket.version;
    if (ticket && entry.name === 'ticket.setStatus') args.fromStatus = ticket.status;
  }
  const retried = await enqueueMutation(db, entry.name as MutationName, args as never, { now, offline });
  await db.outbox.delete(id);
  await applyPendingMutations(db);
  return retried;
}
