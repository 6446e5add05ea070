import { syncEntities } from '../../shared/sync/entities';
import { loadMutationReads, MapMutationState, type PreparedMutation, type RowChange } from '../../shared/sync/mutators';
import { decodeRow, encodeRow } from '../db/codec';
import type { SyncDialect, SyncTrx, UntypedDb } from './changeLog';

/** Loads the rows a prepared mutation reads (declared, then dependent), as domain rows; missing rows are absent. */
export async function loadRows(trx: SyncTrx, prepared: PreparedMutation): Promise<MapMutationState> {
  const state = new MapMutationState();
  await loadMutationReads(prepared, state, async (entity, id) => {
    const row = await (trx as unknown as UntypedDb).selectFrom(syncEntities[entity]).selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (decodeRow(entity, row) as Record<string, unknown>) : undefined;
  });
  return state;
}

/** Writes a mutator's changes to the entity tables (upsert by id, or delete). */
export async function writeRows(trx: SyncTrx, dialect: SyncDialect, changes: readonly RowChange[]): Promise<void> {
  for (const change of changes) {
    const table = syncEntities[change.entity];
    if (change.op === 'delete' || change.row === null) {
      await (trx as unknown as UntypedDb).deleteFrom(table).where('id', '=', change.id).execute();
      continue;
    }
    const values = encodeRow(change.entity, change.row, dialect);
    const { id: _id, ...updates } = values;
    await (trx as unknown as UntypedDb)
      .insertInto(table)
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet(updates))
      .execute();
  }
}

