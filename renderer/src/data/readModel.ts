import { syncEntities, type SyncEntity } from '../../../shared/sync/entities';
import type { EntityRow } from '../../../shared/sync/mutators';
import type { AccordDb } from './db';
import { storedRow } from './ticketGroups';

/**
 * Reads as the UI sees them: the server-confirmed base row, or the overlay row when pending mutations touch it.
 * Use these (or the queryOptions of ./queries) rather than the base tables directly.
 */
export async function viewRow<E extends SyncEntity>(db: AccordDb, entity: E, id: string): Promise<EntityRow<E> | undefined> {
  const overlay = await db.overlay.get([entity, id]);
  if (overlay) return (overlay.row ?? undefined) as EntityRow<E> | undefined;
  return (await storedRow(db, syncEntities[entity], id)) as EntityRow<E> | undefined;
}

/**
 * Merges the overlay into a base query's rows. `matches` is the query's filter as a predicate: an overlay row may
 * enter the result (a ticket just assigned to me) or leave it (a ticket just solved), so it is re-checked.
 */
export async function viewRows<E extends SyncEntity>(
  db: AccordDb,
  entity: E,
  baseRows: readonly EntityRow<E>[],
  matches: (row: EntityRow<E>) => boolean = () => true,
): Promise<EntityRow<E>[]> {
  const overlays = await db.overlay.where('entity').equals(entity).toArray();
  if (overlays.length === 0) return [...baseRows];
  const byId = new Map(overlays.map((entry) => [entry.id, entry]));
  const out: EntityRow<E>[] = [];
  for (const row of baseRows) {
    const id = (row as { id: string }).id;
    const entry = byId.get(id);
    if (!entry) {
      out.push(row);
      continue;
    }
    byId.delete(id);
    const replaced = entry.row as EntityRow<E> | null;
    if (replaced && matches(replaced)) out.push(replaced);
  }
  for (const entry of byId.values()) {
    const row = entry.row as EntityRow<E> | null;
    if (row && matches(row)) out.push(row);
  }
  return out;
}

/** Outbox ids of pending changes to a row: the UI marks the row provisional while any are unconfirmed. */
export async function pendingMutationIdsOf(db: AccordDb, entity: SyncEntity, id: string): Promise<number[]> {
  return (await db.overlay.get([entity, id]))?.mutationIds ?? [];
}
