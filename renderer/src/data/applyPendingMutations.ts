import Dexie from 'dexie';
import { can } from '../../../shared/api/permissions';
import type { SyncEntity } from '../../../shared/sync/entities';
import {
  loadMutationReads,
  MapMutationState,
  MutationRejected,
  prepareMutation,
  runPreparedMutation,
  type MutationActor,
} from '../../../shared/sync/mutators';
import type { AccordDb, OutboxEntry, OverlayEntry } from './db';
import type { SyncRow } from '../../../shared/sync/protocol';
import { metaKeys, type SyncIdentity } from './syncMeta';
import { baseRowForMutation, storageTables } from './ticketGroups';

/** Every table a replay may read or write, for one Dexie transaction. */
export function replayTables(db: AccordDb): Dexie.Table[] {
  return [...storageTables(db), db.outbox, db.overlay, db.meta];
}

/**
 * Replays outbox entries over what the UI currently sees (overlay, else base row) with the shared mutators and
 * writes the rows they change into the overlay. Must run inside a transaction over `replayTables`.
 * A mutation the local state already refuses changes nothing here; the server decides and the reason is shown.
 */
async function replayOnto(db: AccordDb, entries: readonly OutboxEntry[], actor: MutationActor): Promise<void> {
  const state = new MapMutationState();
  const touched = new Map<string, { entity: SyncEntity; id: string; mutationIds: number[] }>();
  for (const entry of entries) {
    let prepared;
    try {
      prepared = prepareMutation(entry.name, entry.args);
    } catch {
      continue;
    }
    await loadMutationReads(prepared, state, async (entity, id) => {
      const overlay = await db.overlay.get([entity, id]);
      if (!overlay) return (await baseRowForMutation(db, entity, id, prepared.args)) as SyncRow | undefined;
      touched.set(`${entity}:${id}`, { entity, id, mutationIds: [...overlay.mutationIds] });
      return overlay.row ?? undefined;
    });
    let changes;
    try {
      changes = runPreparedMutation(prepared, state, { now: entry.clientTime, actor }, can).changes;
    } catch (error) {
      if (error instanceof MutationRejected) continue;
      throw error;
    }
    state.applyChanges(changes);
    for (const change of changes) {
      const key = `${change.entity}:${change.id}`;
      const mark = touched.get(key) ?? { entity: change.entity, id: change.id, mutationIds: [] };
      if (!mark.mutationIds.includes(entry.id)) mark.mutationIds.push(entry.id);
      touched.set(key, mark);
    }
  }
  const rows: OverlayEntry[] = [];
  for (const mark of touched.values()) {
    if (mark.mutationIds.length === 0) continue;
    rows.push({ ...mark, row: (state.get(mark.entity, mark.id) as Record<string, unknown> | undefined) ?? null });
  }
  if (rows.length > 0) await db.overlay.bulkPut(rows);
}

async function actorOf(db: AccordDb): Promise<MutationActor | null> {
  const identity = (await db.meta.get(metaKeys.identity))?.value as SyncIdentity | undefined;
  return identity ? { id: identity.agentId, role: identity.role } : null;
}

/**
 * Rebuilds what the UI shows: the base rows with every pending outbox entry replayed on top, in id order.
 * Called after every pull (confirmed mutations have dropped out of the outbox, rejected ones are no longer
 * pending) and after a discard. Runs in its own transaction unless called inside one over `replayTables`.
 */
export async function applyPendingMutations(db: AccordDb): Promise<void> {
  const run = async () => {
    await db.overlay.clear();
    const actor = await actorOf(db);
    if (!actor) return;
    const pending = await db.outbox.where('status').equals('pending').sortBy('id');
    await replayOnto(db, pending, actor);
  };
  if (Dexie.currentTransaction) return run();
  return db.transaction('rw', replayTables(db), run);
}

/** Adds one new outbox entry's effect to the overlay (inside the transaction that queued it). */
export async function applyNewMutation(db: AccordDb, entry: OutboxEntry): Promise<void> {
  const actor = await actorOf(db);
  if (actor) await replayOnto(db, [entry], actor);
}
