import type { BusinessCalendar, SlaClock, SlaMetric, SlaPolicy, Ticket } from '../../../../shared/domain';
import { addWorkingTime } from '../../../../shared/sla/calendar';
import { ticketSlaClocks, type CalendarLookup, type TicketSlaHistory } from '../../../../shared/sla/clocks';
import { accountSlaPolicies, type AccountSlaPolicies } from '../../../../shared/sla/slaPolicyForTicket';
import { slaHistoryFromRow } from '../../../../shared/sla/ticketSlaHistory';

// The histories are built in shared/ so that the server's parity test runs the very code the console does.
export { slaHistoryFromRow, slaHistoryFromThread } from '../../../../shared/sla/ticketSlaHistory';

/**
 * The SLA facts the queue needs per ticket: the next due instant of its most urgent open clock and the
 * instant it starts warning. Both are absolute, so they are computed once per ticket version and the shared
 * ticker turns them into countdowns — no per-row recomputation as time passes.
 */
export interface SlaSnapshot {
  metric: SlaMetric | null;
  dueAt: number | null;
  warnAt: number | null;
  /** An open clock exists but none is counting (waiting on the customer, on hold…). */
  paused: boolean;
  /** Every clock that existed has been met (or there were none to run). */
  met: boolean;
  /** The business calendar the due clock counts in: the badge shows business time left in it. */
  calendarId?: string | null;
}

export type SlaState = 'breached' | 'warning' | 'ok' | 'paused' | 'none';
export const slaStates: readonly SlaState[] = ['breached', 'warning', 'ok', 'paused', 'none'];

export const slaMetricLabels: Readonly<Record<SlaMetric, string>> = {
  first_response: 'First response',
  next_response: 'Next response',
  periodic_update: 'Periodic update',
  resolution: 'Resolution',
};

export const noSla: SlaSnapshot = { metric: null, dueAt: null, warnAt: null, paused: false, met: false };

export function slaStateAt(s: SlaSnapshot, now: number): SlaState {
  if (s.dueAt !== null) {
    if (now >= s.dueAt) return 'breached';
    if (s.warnAt !== null && now >= s.warnAt) return 'warning';
    return 'ok';
  }
  return s.paused ? 'paused' : 'none';
}

export function timeToBreach(s: SlaSnapshot, now: number): number | null {
  return s.dueAt === null ? null : s.dueAt - now;
}

export interface SlaContext {
  policies: readonly SlaPolicy[];
  calendars: ReadonlyMap<string, BusinessCalendar>;
}

/** All policies and the account's contracted one: shared/sla slaPolicyForTicket chooses, as the server does. */
export function policiesFor(ctx: SlaContext, accountPolicyId: string | null | undefined): AccountSlaPolicies<SlaPolicy> {
  return accountSlaPolicies(ctx.policies, accountPolicyId);
}

export function clocksFor(history: TicketSlaHistory, policies: AccountSlaPolicies<SlaPolicy>, ctx: SlaContext, now: number): SlaClock[] {
  if (policies.policies.length === 0) return [];
  return ticketSlaClocks(history, policies, ctx.calendars as CalendarLookup, now);
}

/** Picks the most urgent open clock: the earliest due among counting clocks. */
export function snapshotFromClocks(clocks: readonly SlaClock[], calendars: ReadonlyMap<string, BusinessCalendar>, now: number, warnAtFraction = 0.75): SlaSnapshot {
  let best: SlaClock | null = null;
  let anyOpenPaused = false;
  let anyOpen = false;
  for (const c of clocks) {
    // A clock met late stays 'breached' in its record, but it is over: it has nothing left to count down.
    if (c.state === 'fulfilled' || c.state === 'cancelled' || c.fulfilledAt !== undefined || c.cancelledAt !== undefined) continue;
    anyOpen = true;
    if (c.paused || c.dueAt === null) {
      anyOpenPaused = true;
      continue;
    }
    if (best === null || c.dueAt < (best.dueAt as number)) best = c;
  }
  if (best === null || best.dueAt === null) {
    return { metric: null, dueAt: null, warnAt: null, paused: anyOpenPaused, met: !anyOpen && clocks.length > 0 };
  }
  let warnAt: number | null = best.warnedAt ?? null;
  if (warnAt === null) {
    const warnTarget = best.targetMs * warnAtFraction;
    const cal = calendars.get(best.calendarId);
    warnAt = best.elapsedMs >= warnTarget ? now : cal ? addWorkingTime(cal, now, warnTarget - best.elapsedMs) : null;
  }
  return { metric: best.metric, dueAt: best.dueAt, warnAt, paused: false, met: false, calendarId: best.calendarId };
}

export function ticketSlaSnapshot(t: Readonly<Ticket>, accountPolicyId: string | null | undefined, ctx: SlaContext, now: number): SlaSnapshot {
  if (t.status === 'solved' || t.status === 'closed') return { ...noSla, met: true };
  try {
    const clocks = clocksFor(slaHistoryFromRow(t), policiesFor(ctx, accountPolicyId), ctx, now);
    return snapshotFromClocks(clocks, ctx.calendars, now);
  } catch {
    // A calendar missing from the cache must not break the queue; the ticket simply shows no clock.
    return noSla;
  }
}
