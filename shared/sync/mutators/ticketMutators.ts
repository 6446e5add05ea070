import { z } from 'zod';
import {
  canTransitionTicketStatus,
  channelSchema,
  idSchema,
  severitySchema,
  tagSchema,
  ticketStatusLabels,
  ticketStatusSchema,
  tierSchema,
  type Message,
  type Ticket,
} from '../../domain';
import { withStatusChange } from '../../sla/statusHistory';
import { insertRow, patchRow, requireRow } from './rowChanges';
import { defineMutator, MutationRejected, type MutationContext, type MutationState, type RowChange } from './types';

const bodySchema = z.string().trim().min(1, 'the message is empty').max(200_000);

function openTicket(state: MutationState, ticketId: string): Ticket {
  return requireRow(state, 'ticket', ticketId);
}

/** Appends a message with the client's id; when the id already exists the append is a harmless replay. */
function appendMessage(
  state: MutationState,
  ctx: MutationContext,
  args: { ticketId: string; messageId: string; body: string },
  kind: 'public_reply' | 'internal_note',
): { message: Message | null; changes: RowChange[] } {
  if (state.get('message', args.messageId)) return { message: null, changes: [] };
  const message: Message = {
    id: args.messageId,
    ticketId: args.ticketId,
    kind,
    authorAgentId: ctx.actor.id,
    authorContactId: null,
    body: args.body,
    bodyFormat: 'text',
    attachments: [],
    createdAt: ctx.now,
  };
  return { message, changes: [insertRow('message', message)] };
}

export const ticketCreate = defineMutator({
  name: 'ticket.create',
  args: z.object({
    ticketId: idSchema,
    subject: z.string().trim().min(1).max(300),
    accountId: idSchema,
    requesterId: idSchema.nullable().default(null),
    channel: channelSchema.default('phone'),
    severity: severitySchema.default(3),
    tier: tierSchema.default(1),
    tags: z.array(tagSchema).max(50).default([]),
    /** Own the new ticket (the usual case when an agent logs a phone call). */
    assignToSelf: z.boolean().default(true),
    /** Optional first message of the thread: what the customer asked. */
    firstMessage: z.object({ messageId: idSchema, body: bodySchema }).optional(),
  }),
  permission: () => 'ticket.create',
  reads: (args) => [
    { entity: 'ticket', id: args.ticketId },
    { entity: 'account', id: args.accountId },
    ...(args.firstMessage ? [{ entity: 'message' as const, id: args.firstMessage.messageId }] : []),
  ],
  apply(state, args, ctx) {
    if (state.get('ticket', args.ticketId)) return { changes: [] };
    const account = requireRow(state, 'account', args.accountId);
    const ticket: Ticket = {
      id: args.ticketId,
      // The server stamps the human-facing number when it applies the mutation.
      number: null,
      subject: args.subject,
      accountId: account.id,
      requesterId: args.requesterId,
      channel: args.channel,
      status: 'new',
      severity: args.severity,
      tier: args.tier,
      ownerId: args.assignToSelf ? ctx.actor.id : null,
      collaboratorIds: [],
      teamId: null,
      tags: [...new Set(args.tags)],
      incidentId: null,
      plan: account.plan,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      solvedAt: null,
      lastCustomerMessageAt: args.firstMessage ? ctx.now : null,
      lastAgentReplyAt: null,
      awaitingReplySince: null,
      // Recorded from creation on, so the SLA clocks know the ticket's whole status timeline.
      statusHistory: [{ at: ctx.now, status: 'new' }],
      version: 1,
    };
    const changes: RowChange[] = [insertRow('ticket', ticket)];
    if (args.firstMessage && !state.get('message', args.firstMessage.messageId)) {
      const message: Message = {
        id: args.firstMessage.messageId,
        ticketId: ticket.id,
        kind: 'customer_message',
        authorAgentId: null,
        authorContactId: args.requesterId,
        body: args.firstMessage.body,
        bodyFormat: 'text',
        attachments: [],
        createdAt: ctx.now,
      };
      changes.push(insertRow('message', message));
    }
    return { changes };
  },
});

const messageArgs = z.object({ ticketId: idSchema, messageId: idSchema, body: bodySchema });

export const ticketReply = defineMutator({
  name: 'ticket.reply',
  args: messageArgs,
  permission: () => 'ticket.reply',
  reads: (args) => [
    { entity: 'ticket', id: args.ticketId },
    { entity: 'message', id: args.messageId },
  ],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    const { message, changes } = appendMessage(state, ctx, args, 'public_reply');
    if (!message) return { changes };
    if (ticket.status === 'closed') throw new MutationRejected('stale', 'the ticket is closed; a new request needs a new ticket');
    // A public reply answers the customer: the SLA response clocks read lastAgentReplyAt and awaitingReplySince.
    return { changes: [...changes, ...patchRow('ticket', ticket, { lastAgentReplyAt: ctx.now, awaitingReplySince: null }, ctx)] };
  },
});

export const ticketAddNote = defineMutator({
  name: 'ticket.addNote',
  args: messageArgs,
  permission: () => 'ticket.addNote',
  reads: (args) => [
    { entity: 'ticket', id: args.ticketId },
    { entity: 'message', id: args.messageId },
  ],
  apply(state, args, ctx) {
    openTicket(state, args.ticketId);
    // Notes are append-only and leave the ticket row (and so its version) alone: a note never makes an owner change stale.
    return { changes: appendMessage(state, ctx, args, 'internal_note').changes };
  },
});

export const ticketSetStatus = defineMutator({
  name: 'ticket.setStatus',
  args: z.object({
    ticketId: idSchema,
    status: ticketStatusSchema,
    /** The status the agent saw; when the ticket has moved on since, the change is stale and refused. */
    fromStatus: ticketStatusSchema.optional(),
  }),
  permission: () => 'ticket.setStatus',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (ticket.status === args.status) return { changes: [] };
    if (args.fromStatus !== undefined && args.fromStatus !== ticket.status) {
      throw new MutationRejected(
        'stale',
        `the ticket is now ${ticketStatusLabels[ticket.status]}, not ${ticketStatusLabels[args.fromStatus]} as you saw it`,
      );
    }
    if (!canTransitionTicketStatus(ticket.status, args.status)) {
      throw new MutationRejected(
        'stale',
        `a ${ticketStatusLabels[ticket.status]} ticket cannot move to ${ticketStatusLabels[args.status]}`,
      );
    }
    const solvedAt = args.status === 'solved' ? ctx.now : args.status === 'closed' ? ticket.solvedAt : null;
    const statusHistory = withStatusChange(ticket, args.status, ctx.now);
    return { changes: patchRow('ticket', ticket, { status: args.status, solvedAt, statusHistory }, ctx) };
  },
});

export const ticketSetSeverity = defineMutator({
  name: 'ticket.setSeverity',
  args: z.object({ ticketId: idSchema, severity: severitySchema }),
  permission: () => 'ticket.setSeverity',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    // Last writer wins per field, in server order: the mutation only ever writes its own field.
    return { changes: patchRow('ticket', openTicket(state, args.ticketId), { severity: args.severity }, ctx) };
  },
});

export const ticketSetTier = defineMutator({
  name: 'ticket.setTier',
  args: z.object({ ticketId: idSchema, tier: tierSchema }),
  permission: () => 'ticket.setTier',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    return { changes: patchRow('ticket', openTicket(state, args.ticketId), { tier: args.tier }, ctx) };
  },
});

export const ticketAssign = defineMutator({
  name: 'ticket.assign',
  args: z.object({
    ticketId: idSchema,
    /** null unassigns. */
    assigneeId: idSchema.nullable(),
    /** The ticket version the agent saw: owner changes are compare-and-set. */
    expectedVersion: z.number().int(),
  }),
  // Taking a ticket (assigning it to yourself) is a lesser right than assigning others' work.
  permission: (args, actor) => (args.assigneeId === actor.id ? 'ticket.assign.self' : 'ticket.assign.others'),
  reads: (args) => [
    { entity: 'ticket', id: args.ticketId },
    ...(args.assigneeId ? [{ entity: 'agent' as const, id: args.assigneeId }] : []),
  ],
  dependentReads(state, args) {
    const ownerId = state.get('ticket', args.ticketId)?.ownerId;
    return ownerId ? [{ entity: 'agent', id: ownerId }] : [];
  },
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (ticket.version !== args.expectedVersion) {
      const owner = ticket.ownerId ? (state.get('agent', ticket.ownerId)?.name ?? 'another agent') : 'nobody';
      throw new MutationRejected(
        'stale',
        `the ticket changed since you saw it (version ${args.expectedVersion}, now ${ticket.version}); its owner is ${owner}`,
      );
    }
    if (args.assigneeId) {
      const agent = requireRow(state, 'agent', args.assigneeId);
      if (!agent.active) throw new MutationRejected('invalid_args', `${agent.name} is not an active agent`);
    }
    return { changes: patchRow('ticket', ticket, { ownerId: args.assigneeId }, ctx) };
  },
});

const tagArgs = z.object({ ticketId: idSchema, tag: tagSchema });

/** Tags are add/remove operations, not a replaced list: concurrent edits of different tags both survive. */
export const ticketAddTag = defineMutator({
  name: 'ticket.addTag',
  args: tagArgs,
  permission: () => 'ticket.tag',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (ticket.tags.includes(args.tag)) return { changes: [] };
    return { changes: patchRow('ticket', ticket, { tags: [...ticket.tags, args.tag] }, ctx) };
  },
});

export const ticketRemoveTag = defineMutator({
  name: 'ticket.removeTag',
  args: tagArgs,
  permission: () => 'ticket.tag',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (!ticket.tags.includes(args.tag)) return { changes: [] };
    return { changes: patchRow('ticket', ticket, { tags: ticket.tags.filter((t) => t !== args.tag) }, ctx) };
  },
});

const collaboratorArgs = z.object({ ticketId: idSchema, agentId: idSchema });

/**
 * Collaborators are a set like tags (add/remove): specialists join a ticket without taking it over — the owner
 * stays the owner (DOMAIN.md, "own it end to end").
 */
export const ticketAddCollaborator = defineMutator({
  name: 'ticket.addCollaborator',
  args: collaboratorArgs,
  permission: () => 'ticket.tag',
  reads: (args) => [
    { entity: 'ticket', id: args.ticketId },
    { entity: 'agent', id: args.agentId },
  ],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    const agent = requireRow(state, 'agent', args.agentId);
    if (!agent.active) throw new MutationRejected('invalid_args', `${agent.name} is not an active agent`);
    if (ticket.collaboratorIds.includes(agent.id)) return { changes: [] };
    return { changes: patchRow('ticket', ticket, { collaboratorIds: [...ticket.collaboratorIds, agent.id] }, ctx) };
  },
});

export const ticketRemoveCollaborator = defineMutator({
  name: 'ticket.removeCollaborator',
  args: collaboratorArgs,
  permission: () => 'ticket.tag',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (!ticket.collaboratorIds.includes(args.agentId)) return { changes: [] };
    return { changes: patchRow('ticket', ticket, { collaboratorIds: ticket.collaboratorIds.filter((id) => id !== args.agentId) }, ctx) };
  },
});

/** Moving a ticket to another team routes work between teams: the same right as assigning others' work. */
export const ticketSetTeam = defineMutator({
  name: 'ticket.setTeam',
  args: z.object({ ticketId: idSchema, teamId: idSchema.nullable() }),
  permission: () => 'ticket.assign.others',
  reads: (args) => [{ entity: 'ticket', id: args.ticketId }, ...(args.teamId ? [{ entity: 'team' as const, id: args.teamId }] : [])],
  apply(state, args, ctx) {
    const ticket = openTicket(state, args.ticketId);
    if (args.teamId) requireRow(state, 'team', args.teamId);
    return { changes: patchRow('ticket', ticket, { teamId: args.teamId }, ctx) };
  },
});
