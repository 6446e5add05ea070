/**
 * The mutations of Accord, by dotted name. Args are validated by each mutator's zod schema.
 *
 * | name                   | args                                                                  | rule |
 * | ---                    | ---                                                                   | --- |
 * | `ticket.create`        | `{ ticketId, subject, accountId, requesterId?, channel?, severity?, tier?, tags?, assignToSelf?, firstMessage? }` | create with the client's id; the server stamps `number` |
 * | `ticket.reply`         | `{ ticketId, messageId, body }`                                       | append-only, client id (a replay changes nothing); sets lastAgentReplyAt, clears awaitingReplySince |
 * | `ticket.addNote`       | `{ ticketId, messageId, body }`                                       | append-only internal note; ticket row untouched |
 * | `ticket.setStatus`     | `{ ticketId, status, fromStatus? }`                                   | ticket state machine; stale transitions rejected; appends to statusHistory at ctx.now |
 * | `ticket.setSeverity`   | `{ ticketId, severity }`                                              | last writer wins (server order) |
 * | `ticket.setTier`       | `{ ticketId, tier }`                                                  | last writer wins (server order) |
 * | `ticket.assign`        | `{ ticketId, assigneeId \| null, expectedVersion }`                   | compare-and-set on the version the agent saw; take = assign to self |
 * | `ticket.addTag`        | `{ ticketId, tag }`                                                   | set add |
 * | `ticket.removeTag`     | `{ ticketId, tag }`                                                   | set remove |
 * | `ticket.addCollaborator` | `{ ticketId, agentId }`                                             | set add (active agents only) |
 * | `ticket.removeCollaborator` | `{ ticketId, agentId }`                                          | set remove |
 * | `ticket.setTeam`       | `{ ticketId, teamId \| null }`                                        | last writer wins; leads and admins |
 * | `escalation.saveDraft` | `{ escalationId, ticketId, toTier, summary?, logs?, … }`              | create/replace the draft's evidence |
 * | `escalation.submit`    | `{ escalationId }`                                                    | escalation workflow draft/returned → submitted |
 */
import { escalationSaveDraft, escalationSubmit } from './escalationMutators';
import {
  ticketAddCollaborator,
  ticketAddNote,
  ticketAddTag,
  ticketAssign,
  ticketCreate,
  ticketRemoveCollaborator,
  ticketRemoveTag,
  ticketReply,
  ticketSetSeverity,
  ticketSetStatus,
  ticketSetTeam,
  ticketSetTier,
} from './ticketMutators';
import type { Mutator } from './types';

export const mutators = {
  'ticket.create': ticketCreate,
  'ticket.reply': ticketReply,
  'ticket.addNote': ticketAddNote,
  'ticket.setStatus': ticketSetStatus,
  'ticket.setSeverity': ticketSetSeverity,
  'ticket.setTier': ticketSetTier,
  'ticket.assign': ticketAssign,
  'ticket.addTag': ticketAddTag,
  'ticket.removeTag': ticketRemoveTag,
  'ticket.addCollaborator': ticketAddCollaborator,
  'ticket.removeCollaborator': ticketRemoveCollaborator,
  'ticket.setTeam': ticketSetTeam,
  'escalation.saveDraft': escalationSaveDraft,
  'escalation.submit': escalationSubmit,
} as const;

export type MutationName = keyof typeof mutators;
/** The args a caller passes (before defaults) for each mutation. */
export type MutationArgs<N extends MutationName> = (typeof mutators)[N] extends Mutator<infer A> ? A : never;
export type MutationInput<N extends MutationName> = (typeof mutators)[N]['args'] extends import('zod').ZodType<unknown, infer I>
  ? I
  : never;

export const mutationNames = Object.keys(mutators) as MutationName[];

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutators, name);
}

