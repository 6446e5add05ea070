import type { Role } from '../../domain';
import type { SyncEntity } from '../entities';
import type { SyncRow } from '../protocol';
import { mutators } from './mutators';
import {
  MutationRejected,
  type EntityRow,
  type MutationContext,
  type MutationState,
  type Mutator,
  type MutatorResult,
  type RowChange,
  type RowRef,
} from './types';

/** `can(role, permission)` of shared/api/permissions, injected so that this module stays free of the API layer. */
export type PermissionCheck = (role: Role, permission: string) => boolean;

export interface PreparedMutation {
  name: string;
  mutator: Mutator<unknown>;
  args: unknown;
  /** The rows to load before `runPreparedMutation`. */
  reads: RowRef[];
}

/** Step 1 of running a mutation: find the mutator, validate the args, say what to load. Throws MutationRejected. */
export function prepareMutation(name: string, rawArgs: unknown): PreparedMutation {
  const mutator = (Object.hasOwn(mutators, name) ? mutators[name as keyof typeof mutators] : undefined) as
    | Mutator<unknown>
    | undefined;
  if (!mutator) throw new MutationRejected('unknown_mutation', `unknown mutation ${name}`);
  const parsed = mutator.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new MutationRejected('invalid_args', `${where}${issue?.message ?? 'invalid arguments'}`);
  }
  return { name, mutator, args: parsed.data, reads: mutator.reads(parsed.data) };
}

/** Step 2: check the permission and run the pure mutator over the loaded rows. Throws MutationRejected. */
export function runPreparedMutation(
  prepared: PreparedMutation,
  state: MutationState,
  ctx: MutationContext,
  can: PermissionCheck,
): MutatorResult {
  const permission = prepared.mutator.permission(prepared.args, ctx.actor);
  if (!can(ctx.actor.role, permission)) {
    throw new MutationRejected('forbidden', `your role (${ctx.actor.role}) may not ${permission}`);
  }
  return prepared.mutator.apply(state, prepared.args, ctx);
}

/**
 * Loads what a prepared mutation reads into `state` through `load` (Dexie on the client, SQL on the server):
 * the declared reads, then the dependent reads. Rows already in `state` are not loaded again.
 */
export async function loadMutationReads(
  prepared: PreparedMutation,
  state: MapMutationState,
  load: (entity: SyncEntity, id: string) => Promise<SyncRow | undefined>,
): Promise<void> {
  for (const ref of prepared.reads) {
    if (!state.has(ref.entity, ref.id)) state.set(ref.entity, ref.id, await load(ref.entity, ref.id));
  }
  for (const ref of prepared.mutator.dependentReads?.(state, prepared.args) ?? []) {
    if (!state.has(ref.entity, ref.id)) state.set(ref.entity, ref.id, await load(ref.entity, ref.id));
  }
}

export function rowKey(entity: SyncEntity, id: string): string {
  return `${entity}:${id}`;
}

/**
 * Mutation state over rows held in a map: what both runners use after loading the declared reads.
 * `undefined` in the map means "known not to exist" (so a deleted row shadows the base row).
 */
export class MapMutationState implements MutationState {
  constructor(readonly rows: Map<string, SyncRow | undefined> = new Map()) {}

  get<E extends SyncEntity>(entity: E, id: string): EntityRow<E> | undefined {
    return this.rows.get(rowKey(entity, id)) as EntityRow<E> | undefined;
  }

  has(entity: SyncEntity, id: string): boolean {
    return this.rows.has(rowKey(entity, id));
  }

  set(entity: SyncEntity, id: string, row: SyncRow | undefined): void {
    this.rows.set(rowKey(entity, id), row);
  }

  /** Applies a mutator's changes so that the next mutation in a sequence sees them. */
  applyChanges(changes: readonly RowChange[]): void {
    for (const change of changes) this.set(change.entity, change.id, change.op === 'put' ? (change.row ?? undefined) : undefined);
  }
}
