import type { z } from 'zod';
import type { Permission } from '../../api/permissions';
import type { Account, Agent, Contact, EscalationPacket, Message, Role, Ticket } from '../../domain';
import type { SyncEntity } from '../entities';
import type { RejectionCode, SyncRow } from '../protocol';

/** The domain row type of each entity that mutators touch; the rest travel as plain rows. */
export interface EntityRowMap {
  ticket: Ticket;
  message: Message;
  escalation: EscalationPacket;
  agent: Agent;
  account: Account;
  contact: Contact;
}
export type EntityRow<E extends SyncEntity> = E extends keyof EntityRowMap ? EntityRowMap[E] : SyncRow;

export interface RowRef {
  entity: SyncEntity;
  id: string;
}

/** What a mutator may read: the rows it declared in `reads`, pre-loaded (Dexie on the client, SQL on the server). */
export interface MutationState {
  get<E extends SyncEntity>(entity: E, id: string): EntityRow<E> | undefined;
}

export interface MutationActor {
  id: string;
  role: Role;
}

export interface MutationContext {
  /** Server time on the server; the client's best estimate of server time when optimistic. */
  now: number;
  actor: MutationActor;
}

/** One changed row. `before` is the row the mutator read (null when created), for the audit trail. */
export interface RowChange {
  entity: SyncEntity;
  id: string;
  op: 'put' | 'delete';
  row: SyncRow | null;
  before: SyncRow | null;
}

export interface MutatorResult {
  changes: RowChange[];
}

/** A mutation refused for good: recorded as rejected with this reason, and the client shows it. */
export class MutationRejected extends Error {
  override readonly name = 'MutationRejected';
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * A mutator: declares what it reads, then a pure `apply` over those rows. The same object runs optimistically on
 * the client and authoritatively on the server (inside the transaction).
 */
export interface Mutator<A> {
  readonly name: string;
  readonly args: z.ZodType<A>;
  /** The permission (shared/api/permissions) the actor's role needs; may depend on the args (take vs. assign). */
  permission(args: A, actor: MutationActor): Permission;
  reads(args: A): RowRef[];
  /** Rows that can only be named once `reads` are loaded (e.g. the current owner, for a helpful rejection). */
  dependentReads?(state: MutationState, args: A): RowRef[];
  apply(state: MutationState, args: A, ctx: MutationContext): MutatorResult;
}

export function defineMutator<A>(mutator: Mutator<A>): Mutator<A> {
  return mutator;
}
