import type { Ticket, TicketStatus, TicketStatusChange } from '../domain/ticket';
import type { TicketHistoryEvent } from './clocks';

/**
 * The status part of a ticket's SLA history, read from the row's `statusHistory` — the one reading that the
 * console (queue and ticket header) and the server (for tickets without a change log, e.g. the demo's) share,
 * so that both count the same pauses.
 *
 * Rows written before the field existed have an empty history (or, once changed again, one that starts after
 * creation). What the row does not tell is assumed as before: the ticket was 'new' until its first known change,
 * and a current status that the history does not end in was set at `updatedAt` (`solvedAt` when solved or closed).
 */

export type StatusHistoryFacts = Readonly<Pick<Ticket, 'status' | 'updatedAt' | 'solvedAt' | 'statusHistory'>>;

/** Appends the ticket's status changes, in time order, to `events` (no new array per ticket: the queue reads 100,000). */
export function appendStatusEvents(t: StatusHistoryFacts, events: TicketHistoryEvent[]): void {
  // Typed as possibly absent on purpose: rows cached by an older console carry no such field at all.
  const history: readonly TicketStatusChange[] | undefined = t.statusHistory;
  let last: TicketStatus = 'new';
  if (history !== undefined) {
    for (const change of history) {
      events.push({ at: change.at, kind: 'status', status: change.status });
      last = change.status;
    }
  }
  if (last !== t.status) events.push({ at: statusSetAtFallback(t), kind: 'status', status: t.status });
}

/** When a status the history does not record is taken to have been set. */
function statusSetAtFallback(t: StatusHistoryFacts): number {
  const solved = t.status === 'solved' || t.status === 'closed';
  return solved && t.solvedAt !== null ? t.solvedAt : t.updatedAt;
}

/** Whether the row records its status changes (else its clocks rest on the `updatedAt` fallback above). */
export function hasStatusHistory(t: Pick<StatusHistoryFacts, 'statusHistory'>): boolean {
  const history: readonly TicketStatusChange[] | undefined = t.statusHistory;
  return history !== undefined && history.length > 0;
}

/** The history after a change to `status` at `at`: the mutators' one way to record it. */
export function withStatusChange(t: Pick<StatusHistoryFacts, 'statusHistory'>, status: TicketStatus, at: number): TicketStatusChange[] {
  const history: readonly TicketStatusChange[] | undefined = t.statusHistory;
  return [...(history ?? []), { at, status }];
}
