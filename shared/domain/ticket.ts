import { z } from 'zod';
import { channelSchema, epochMsSchema, idSchema, planTierSchema, severitySchema, tagSchema, tierSchema } from './primitives';

export const ticketStatuses = [
  'new',
  'open',
  'pending_customer',
  'on_hold',
  'waiting_engineering',
  'solved',
  'closed',
] as const;
export const ticketStatusSchema = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/** One status change: the status the ticket moved to, at server time (the client's estimate while optimistic). */
export const ticketStatusChangeSchema = z.object({ at: epochMsSchema, status: ticketStatusSchema }).strict();
export type TicketStatusChange = z.infer<typeof ticketStatusChangeSchema>;

export const ticketSchema = z
  .object({
    id: idSchema,
    /** Human-facing number, stamped by the server; null while a ticket made offline is unconfirmed. */
    number: z.number().int().positive().nullable(),
    subject: z.string().trim().min(1).max(300),
    accountId: idSchema,
    requesterId: idSchema.nullable(),
    channel: channelSchema,
    status: ticketStatusSchema,
    severity: severitySchema,
    tier: tierSchema,
    ownerId: idSchema.nullable(),
    collaboratorIds: z.array(idSchema),
    teamId: idSchema.nullable(),
    tags: z.array(tagSchema),
    incidentId: idSchema.nullable(),
    /** Denormalised from the account so that SLA policies can match offline. */
    plan: planTierSchema,
    createdAt: epochMsSchema,
    updatedAt: epochMsSchema,
    solvedAt: epochMsSchema.nullable(),
    lastCustomerMessageAt: epochMsSchema.nullable(),
    lastAgentReplyAt: epochMsSchema.nullable(),
    /**
     * The first customer message not answered by a public reply yet (the opening request never counts: first
     * response covers it), or null: the next-response clock counts from it, and the row alone must say when.
     */
    awaitingReplySince: epochMsSchema.nullable().default(null),
    /**
     * Every status change in time order, from `{ at: createdAt, status: 'new' }` on, so that SLA clocks pause and
     * resume where they did without reading the change log. Rows written before the field existed have none (or a
     * history that starts later): what came before its first entry is unknown, see shared/sla/statusHistory.ts.
     */
    statusHistory: z.array(ticketStatusChangeSchema).default([]),
    version: z.number().int(),
  })
  .strict();
export type Ticket = z.infer<typeof ticketSchema>;

/**
 * The ticket lifecycle as a transition table: the only place that says which status may follow which.
 * Solved tickets re-open (resolution resumes); closed is final — a new request becomes a new ticket.
 */
export const ticketStatusTransitions: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending_customer', 'on_hold', 'waiting_engineering', 'solved'],
  open: ['pending_customer', 'on_hold', 'waiting_engineering', 'solved'],
  pending_customer: ['open', 'on_hold', 'waiting_engineering', 'solved'],
  on_hold: ['open', 'pending_customer', 'waiting_engineering', 'solved'],
  waiting_engineering: ['open', 'pending_customer', 'on_hold', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export function canTransitionTicketStatus(from: TicketStatus, to: TicketStatus): boolean {
  return ticketStatusTransitions[from].includes(to);
}

export function isTicketUnsolved(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}

export const ticketStatusLabels: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Pending customer',
  on_hold: 'On hold',
  waiting_engineering: 'Waiting on engineering',
  solved: 'Solved',
  closed: 'Closed',
};
