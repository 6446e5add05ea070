import type { Message } from '../domain/message';
import type { Ticket } from '../domain/ticket';
import type { TicketHistoryEvent, TicketSlaHistory } from './clocks';
import { appendStatusEvents } from './statusHistory';

/**
 * A ticket's SLA history as far as the row alone tells it (queue scale: no messages read): the customer message
 * still waiting for an answer, the last public reply, and every status change from the row's status history
 * (shared/sla/statusHistory). Earlier messages do not change the clocks that are still open.
 */
export function slaHistoryFromRow(t: Readonly<Ticket>): TicketSlaHistory {
  const events: TicketHistoryEvent[] = [];
  const awaitingSince = awaitingReplySinceOf(t);
  if (awaitingSince !== null) events.push({ at: awaitingSince, kind: 'customer_message' });
  if (t.lastAgentReplyAt !== null) events.push({ at: t.lastAgentReplyAt, kind: 'agent_public_reply' });
  appendStatusEvents(t, events);
  // Stable: at one instant the message comes before the status change it caused, as on the server.
  events.sort(byTime);
  return { ticketId: t.id, createdAt: t.createdAt, plan: t.plan, severity: t.severity, channel: t.channel, tags: t.tags, events };
}

/** The exact history from the thread: every customer message and public reply, plus every status change. */
export function slaHistoryFromThread(t: Readonly<Ticket>, messages: readonly Message[]): TicketSlaHistory {
  const events: TicketHistoryEvent[] = [];
  for (const m of messages) {
    if (m.kind === 'customer_message' && m.createdAt > t.createdAt) events.push({ at: m.createdAt, kind: 'customer_message' });
    else if (m.kind === 'public_reply') events.push({ at: m.createdAt, kind: 'agent_public_reply' });
  }
  appendStatusEvents(t, events);
  events.sort(byTime);
  return { ticketId: t.id, createdAt: t.createdAt, plan: t.plan, severity: t.severity, channel: t.channel, tags: t.tags, events };
}

/** Where next response counts from; rows cached before the field existed fall back to the last customer message. */
function awaitingReplySinceOf(t: Readonly<Ticket>): number | null {
  const since: number | null | undefined = t.awaitingReplySince;
  if (since !== undefined) return since;
  const last = t.lastCustomerMessageAt;
  return last !== null && last > t.createdAt ? last : null;
}

function byTime(a: TicketHistoryEvent, b: TicketHistoryEvent): number {
  return a.at - b.at;
}
