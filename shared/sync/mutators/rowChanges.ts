import type { SyncEntity } from '../entities';
import type { SyncRow } from '../protocol';
import { MutationRejected, type EntityRow, type MutationContext, type MutationState, type RowChange } from './types';

/** The row or a `not_found` rejection: a mutation about something the server does not have is refused for good. */
export function requireRow<E extends SyncEntity>(state: MutationState, entity: E, id: string): EntityRow<E> {
  const row = state.get(entity, id);
  if (!row) throw new MutationRejected('not_found', `${entity} ${id} does not exist`);
  return row;
}

/**
 * A put that changes the given fields of an existing versioned row, or nothing when every field already has its
 * value — so a replayed or repeated mutation changes nothing and bumps no version.
 */
export function patchRow<R extends { id: string; version: number; updatedAt: number }>(
  entity: SyncEntity,
  before: R,
  patch: Partial<R>,
  ctx: MutationContext,
): RowChange[] {
  const changed = Object.entries(patch).some(([key, value]) => !sameValue((before as Record<string, unknown>)[key], value));
  if (!changed) return [];
  const row = { ...before, ...patch, version: before.version + 1, updatedAt: ctx.now };
  return [{ entity, id: before.id, op: 'put', row: row as unknown as SyncRow, before: before as unknown as SyncRow }];
}

export function insertRow(entity: SyncEntity, row: { id: string }): RowChange {
  return { entity, id: row.id, op: 'put', row: row as unknown as SyncRow, before: null };
}

/** Structural equality for row values (scalars, arrays of scalars, small JSON objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
