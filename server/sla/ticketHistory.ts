import type { Severity, PlanTier, Ticket, TicketStatus } from '../../shared/domain';
import type { TicketHistoryEvent, TicketSlaHistory } from '../../shared/sla';
import { appendStatusEvents, hasStatusHistory } from '../../shared/sla/statusHistory';
import { decodeRow } from '../db/codec';
import type { Db } from '../db/types';
import type { SyncTrx } from '../sync/changeLog';

/**
 * Builds the SLA engine's `TicketSlaHistory` for tickets from the database, in batches of a few hundred:
 * the ticket row, its customer messages and public replies, and the status / severity / plan changes read
 * from the change_log patches (the audit trail, stamped with server time).
 *
 * Tickets that were never created through sync (the demo loader writes rows without a log) take their status
 * changes from the row's `statusHistory` instead, read exactly as the console reads it (shared/sla/statusHistory),
 * so that server and console count the same pauses; a row without one falls back to its current status as set at
 * `updatedAt`. For those tickets `knownFrom` tells the scanner not to re-derive events from before the last update
 * (the loader stored those).
 */

export interface LoadedTicketHistory {
  ticket: Ticket;
  history: TicketSlaHistory;
  /** Events before this instant are not derived from a recorded history (see above); 0 when it is complete. */
  knownFrom: number;
}

export const historyBatchSize = 400;

type Reader = Db | SyncTrx;

interface FieldPatch {
  before: unknown;
  after: unknown;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parsePatch(text: string | null): Record<string, FieldPatch> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, FieldPatch>) : {};
  } catch {
    return {};
  }
}

/** Histories of the given tickets (missing tickets are absent from the map). */
export async function loadTicketHistories(db: Reader, ticketIds: readonly string[]): Promise<Map<string, LoadedTicketHistory>> {
  const out = new Map<string, LoadedTicketHistory>();
  for (const ids of chunks([...new Set(ticketIds)], historyBatchSize)) {
    if (ids.length === 0) continue;
    const [ticketRows, messageRows, logRows] = await Promise.all([
      db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute(),
      db
        .selectFrom('messages')
        .select(['ticketId', 'kind', 'createdAt'])
        .where('ticketId', 'in', ids)
        .where('kind', 'in', ['customer_message', 'public_reply'])
        .execute(),
      db
        .selectFrom('change_log')
        .select(['entityId', 'op', 'patch', 'serverTime', 'seq'])
        .where('entity', '=', 'ticket')
        .where('entityId', 'in', ids)
        .orderBy('seq')
        .execute(),
    ]);
    const messagesByTicket = new Map<string, Array<{ kind: string; createdAt: number }>>();
    for (const m of messageRows) {
      let list = messagesByTicket.get(m.ticketId);
      if (!list) messagesByTicket.set(m.ticketId, (list = []));
      list.push({ kind: m.kind, createdAt: Number(m.createdAt) });
    }
    const logByTicket = new Map<string, typeof logRows>();
    for (const row of logRows) {
      let list = logByTicket.get(row.entityId);
      if (!list) logByTicket.set(row.entityId, (list = []));
      list.push(row);
    }
    for (const raw of ticketRows) {
      const ticket = decodeRow('ticket', raw) as Ticket;
      out.set(ticket.id, buildHistory(ticket, messagesByTicket.get(ticket.id) ?? [], logByTicket.get(ticket.id) ?? []));
    }
  }
  return out;
}

function buildHistory(
  ticket: Ticket,
  messages: ReadonlyArray<{ kind: string; createdAt: number }>,
  log: ReadonlyArray<{ op: string; patch: string | null; serverTime: number }>,
): LoadedTicketHistory {
  const events: TicketHistoryEvent[] = [];
  for (const m of messages) {
    // The opening message is the request itself: first response covers it.
    if (m.kind === 'customer_message' && m.createdAt > ticket.createdAt) events.push({ at: m.createdAt, kind: 'customer_message' });
    else if (m.kind === 'public_reply') events.push({ at: m.createdAt, kind: 'agent_public_reply' });
  }
  let initialStatus: TicketStatus | undefined;
  let initialSeverity: Severity | undefined;
  let initialPlan: PlanTier | undefined;
  let createdInLog = false;
  for (const entry of log) {
    const patch = parsePatch(entry.patch);
    const at = Number(entry.serverTime);
    if (patch.id && patch.id.before === null) {
      createdInLog = true;
      continue;
    }
    if (entry.op !== 'put') continue;
    if (patch.status && patch.status.before !== null) {
      initialStatus ??= patch.status.before as TicketStatus;
      events.push({ at, kind: 'status', status: patch.status.after as TicketStatus });
    }
    if (patch.severity && patch.severity.before !== null) {
      initialSeverity ??= patch.severity.before as Severity;
      events.push({ at, kind: 'severity', severity: patch.severity.after as Severity });
    }
    if (patch.plan && patch.plan.before !== null) {
      initialPlan ??= patch.plan.before as PlanTier;
      events.push({ at, kind: 'plan', plan: patch.plan.after as PlanTier });
    }
  }
  let knownFrom = 0;
  if (!createdInLog) {
    knownFrom = ticket.updatedAt + 1;
    if (hasStatusHistory(ticket)) {
      // The row's history covers the time before the log too (and every logged change, stamped alike).
      for (let i = events.length - 1; i >= 0; i -= 1) if (events[i]!.kind === 'status') events.splice(i, 1);
      initialStatus = 'new';
      appendStatusEvents(ticket, events);
    } else if (initialStatus === undefined && ticket.status !== 'new') {
      const solved = ticket.status === 'solved' || ticket.status === 'closed';
      const at = solved && ticket.solvedAt !== null ? ticket.solvedAt : ticket.updatedAt;
      initialStatus = 'new';
      events.push({ at, kind: 'status', status: ticket.status });
    }
  }
  // Stable: at one instant, messages come before the status change the same commit made.
  events.sort((a, b) => a.at - b.at);
  const history: TicketSlaHistory = {
    ticketId: ticket.id,
    createdAt: ticket.createdAt,
    plan: initialPlan ?? ticket.plan,
    severity: initialSeverity ?? ticket.severity,
    channel: ticket.channel,
    tags: ticket.tags,
    status: initialStatus ?? ticket.status,
    events,
  };
  return { ticket, history, knownFrom };
}
