import type { Channel, PlanTier, Severity } from '../domain/primitives';
import {
  defaultSlaPauseStatuses,
  slaMetrics,
  slaPauseKeys,
  slaTargetKeys,
  type SlaClock,
  type SlaClockState,
  type SlaEvent,
  type SlaEventKind,
  type SlaMetric,
  type SlaPolicy,
} from '../domain/sla';
import type { TicketStatus } from '../domain/ticket';
import { addWorkingTime, workingTimeBetween, type BusinessCalendar } from './calendar';
import { matchSlaPolicy, type SlaTicketFacts } from './policy';
import { slaPolicyForTicket, type AccountSlaPolicies } from './slaPolicyForTicket';
import { slaClockAction, type SlaClockPhase, type SlaClockTrigger } from './slaClockTransitions';

/**
 * SLA clocks of one ticket, replayed from its history (DOMAIN.md "SLA clocks"):
 * - first response: creation → first agent public reply;
 * - next response: first unanswered customer message → next agent public reply (after the first reply);
 * - periodic update: Sev 1/2 and unsolved, from the first reply (or the rise to Sev 1/2) → next agent
 *   public reply, restarted by every reply;
 * - resolution: creation → solved; re-opening resumes it where it stopped.
 * Clocks count only working time of their calendar, and not while the ticket sits in a status the
 * policy lists as pausing that metric. Solving fulfils resolution and cancels the other clocks.
 * A severity or plan change re-targets open clocks as if the new target had applied from their start.
 * An action at exactly the due instant is on time; the clock breaches once time passes it.
 */

export type TicketHistoryEvent = (
  | { readonly at: number; readonly kind: 'status'; readonly status: TicketStatus }
  | { readonly at: number; readonly kind: 'agent_public_reply' }
  | { readonly at: number; readonly kind: 'customer_message' }
  | { readonly at: number; readonly kind: 'severity'; readonly severity: Severity }
  | { readonly at: number; readonly kind: 'plan'; readonly plan: PlanTier }
) & {
  /** Made offline and not yet stamped by the server. */
  readonly provisional?: boolean;
};

export interface TicketSlaHistory {
  readonly ticketId: string;
  readonly createdAt: number;
  /** Plan and severity at creation; later changes are events. */
  readonly plan: PlanTier;
  readonly severity: Severity;
  readonly channel: Channel;
  readonly tags: readonly string[];
  /** Status at creation; 'new' when absent. */
  readonly status?: TicketStatus;
  /** Sorted by time. Events after `now` have not happened yet and are ignored. */
  readonly events: readonly TicketHistoryEvent[];
  /** Events later than this instant are provisional (made offline, not yet stamped by the server). */
  readonly provisionalAfter?: number;
}

/** What the clocks read from a policy. */
export type ClockPolicy = Readonly<Pick<SlaPolicy, 'position' | 'match' | 'targets' | 'calendarId'>> &
  Readonly<Partial<Pick<SlaPolicy, 'calendarBySeverity' | 'pauseStatuses' | 'warnAtFraction'>>>;

/**
 * One policy (already chosen), all of them (first match), or all of them with the account's contracted policy
 * (shared/sla/slaPolicyForTicket) — the last two are re-chosen on plan and severity changes.
 */
export type ClockPolicies =
  | ClockPolicy
  | readonly ClockPolicy[]
  | AccountSlaPolicies<ClockPolicy & { readonly id: string }>
  | null
  | undefined;

export type CalendarLookup = ReadonlyMap<string, BusinessCalendar> | Readonly<Record<string, BusinessCalendar>>;

export interface TicketSlaEvaluation {
  /** The latest cycle of each metric that has one, in metric order. */
  readonly clocks: SlaClock[];
  /** Every cycle (next response and periodic update restart), oldest first. */
  readonly cycles: SlaClock[];
  /** Start/pause/resume/warn/breach/fulfil/cancel/retarget events, in time order. */
  readonly events: SlaEvent[];
}

const DEFAULT_WARN_AT = 0.75;
const FIRST_RESPONSE = slaMetrics.indexOf('first_response');
const MINUTE_MS = 60_000;

interface CycleParams {
  readonly targetMs: number;
  readonly calendarId: string;
  readonly calendar: BusinessCalendar;
  readonly pauseStatuses: readonly TicketStatus[];
  readonly warnAtFraction: number;
}

/** Built with every field present from the start: one stable object shape keeps the replay fast. */
interface Cycle {
  /** The parameters object the clock counts under (compared by identity). */
  params: CycleParams;
  targetMs: number;
  calendarId: string;
  calendar: BusinessCalendar;
  pauseStatuses: readonly TicketStatus[];
  warnAtFraction: number;
  readonly metric: SlaMetric;
  readonly index: number;
  readonly startedAt: number;
  /** Counted ms up to `countFrom` while counting; the total while not. */
  elapsed: number;
  counting: boolean;
  countFrom: number;
  /** Due instant while counting; the instant it passed once breached; null while paused. */
  dueAt: number | null;
  warnAt: number | null;
  warnedAt?: number;
  breachedAt?: number;
  fulfilledAt?: number;
  cancelledAt?: number;
  done: 'fulfilled' | 'cancelled' | null;
  provisional: boolean;
  lastEmitAt: number;
  kindsAtLastEmit: SlaEventKind[];
}

interface TimelineEntry {
  readonly at: number;
  readonly status: TicketStatus;
}

function isSolvedStatus(status: TicketStatus): boolean {
  return status === 'solved' || status === 'closed';
}

function countsIn(pauseStatuses: readonly TicketStatus[], status: TicketStatus): boolean {
  return !isSolvedStatus(status) && !pauseStatuses.includes(status);
}

function sameStatuses(a: readonly TicketStatus[], b: readonly TicketStatus[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (const status of a) if (!b.includes(status)) return false;
  return true;
}

function byTime(a: { readonly at: number }, b: { readonly at: number }): number {
  return a.at - b.at;
}

/** Whether a threshold instant is behind `at` (or at it, when `inclusive`). */
function reached(instant: number | null, at: number, inclusive: boolean): instant is number {
  return instant !== null && (instant < at || (inclusive && instant === at));
}

/** Events up to `now`, in time order (sorted only when the caller did not). */
function eventsInOrder(events: readonly TicketHistoryEvent[]): readonly TicketHistoryEvent[] {
  for (let i = 1; i < events.length; i += 1) {
    if (events[i]!.at < events[i - 1]!.at) return [...events].sort(byTime);
  }
  return events;
}

function sameParams(a: CycleParams | null, b: CycleParams | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.targetMs === b.targetMs &&
    a.calendarId === b.calendarId &&
    a.calendar === b.calendar &&
    a.warnAtFraction === b.warnAtFraction &&
    sameStatuses(a.pauseStatuses, b.pauseStatuses)
  );
}

function calendarFrom(calendars: CalendarLookup, id: string): BusinessCalendar {
  const found =
    calendars instanceof Map
      ? (calendars as ReadonlyMap<string, BusinessCalendar>).get(id)
      : Object.prototype.hasOwnProperty.call(calendars, id)
        ? (calendars as Readonly<Record<string, BusinessCalendar>>)[id]
        : undefined;
  if (!found) throw new Error(`SLA policy refers to business calendar "${id}", which is not available`);
  return found;
}

function finiteOrUndefined(value: number | null): number | undefined {
  return value !== null && Number.isFinite(value) ? value : undefined;
}

/** Counted (working, not paused) ms of a metric over [from, to), replayed from the status timeline. */
function countedBetween(
  calendar: BusinessCalendar,
  timeline: readonly TimelineEntry[],
  pauseStatuses: readonly TicketStatus[],
  from: number,
  to: number,
): number {
  let sum = 0;
  for (let i = 0; i < timeline.length; i += 1) {
    const entry = timeline[i]!;
    const start = Math.max(entry.at, from);
    const end = Math.min(timeline[i + 1]?.at ?? Infinity, to);
    if (end > start && countsIn(pauseStatuses, entry.status)) sum += workingTimeBetween(calendar, start, end);
  }
  return sum;
}

/** The instant in [from, to] at which `amount` counted ms were used up; null if not by `to`. */
function instantWhenCounted(
  calendar: BusinessCalendar,
  timeline: readonly TimelineEntry[],
  pauseStatuses: readonly TicketStatus[],
  from: number,
  amount: number,
  to: number,
): number | null {
  let used = 0;
  for (let i = 0; i < timeline.length; i += 1) {
    const entry = timeline[i]!;
    const start = Math.max(entry.at, from);
    const end = Math.min(timeline[i + 1]?.at ?? Infinity, to);
    if (!(end > start) || !countsIn(pauseStatuses, entry.status)) continue;
    const available = workingTimeBetween(calendar, start, end);
    if (used + available >= amount) return addWorkingTime(calendar, start, amount - used);
    used += available;
  }
  return null;
}

const NO_PARAMS: ReadonlyArray<CycleParams | null> = [null, null, null, null];

/**
 * Clock parameters per metric for a policy and severity, cached per calendar lookup and policy (both
 * treated as immutable values) so that 100,000 tickets share a handful of parameter objects.
 */
const paramsCache = new WeakMap<CalendarLookup, WeakMap<ClockPolicy, Array<ReadonlyArray<CycleParams | null> | undefined>>>();

function paramsOf(policy: ClockPolicy, severity: Severity, calendars: CalendarLookup): ReadonlyArray<CycleParams | null> {
  let byPolicy = paramsCache.get(calendars);
  if (!byPolicy) {
    byPolicy = new WeakMap();
    paramsCache.set(calendars, byPolicy);
  }
  let bySeverity = byPolicy.get(policy);
  if (!bySeverity) {
    bySeverity = [];
    byPolicy.set(policy, bySeverity);
  }
  let params = bySeverity[severity];
  if (!params) {
    params = slaMetrics.map((metric) => paramsFor(policy, severity, calendars, metric));
    bySeverity[severity] = params;
  }
  return params;
}

function paramsFor(policy: ClockPolicy, severity: Severity, calendars: CalendarLookup, metric: SlaMetric): CycleParams | null {
  const minutes = policy.targets[severity]?.[slaTargetKeys[metric]];
  if (minutes === undefined) return null;
  const calendarId = policy.calendarBySeverity?.[severity] ?? policy.calendarId;
  return {
    targetMs: minutes * MINUTE_MS,
    calendarId,
    calendar: calendarFrom(calendars, calendarId),
    pauseStatuses: (policy.pauseStatuses ?? defaultSlaPauseStatuses)[slaPauseKeys[metric]],
    warnAtFraction: policy.warnAtFraction ?? DEFAULT_WARN_AT,
  };
}

class TicketSlaReplay {
  private readonly events: SlaEvent[] = [];
  private readonly cycles: Cycle[] = [];
  /** The latest clock per metric, in slaMetrics order. */
  private readonly current: Array<Cycle | undefined> = [undefined, undefined, undefined, undefined];
  private readonly timeline: TimelineEntry[];
  private status: TicketStatus;
  private severity: Severity;
  private plan: PlanTier;
  private policy: ClockPolicy | undefined;
  /** Parameters per metric (slaMetrics order) under the current policy and severity; null = no target. */
  private params: ReadonlyArray<CycleParams | null> = NO_PARAMS;
  private firstReplyAt: number | null = null;
  private everSolved = false;
  /** The first customer message not yet answered by an agent public reply. */
  private awaitingSince: number | null = null;
  private provisionalNow = false;

  constructor(
    private readonly history: TicketSlaHistory,
    private readonly policies: ClockPolicies,
    private readonly calendars: CalendarLookup,
    private readonly wantEvents: boolean,
    private readonly wantCycles: boolean,
  ) {
    this.status = history.status ?? 'new';
    this.severity = history.severity;
    this.plan = history.plan;
    this.timeline = [{ at: history.createdAt, status: this.status }];
    this.everSolved = isSolvedStatus(this.status);
    this.updatePolicy();
  }

  run(now: number): TicketSlaEvaluation {
    const { history } = this;
    this.provisionalNow = history.provisionalAfter !== undefined && history.createdAt > history.provisionalAfter;
    this.reconcile(history.createdAt);
    for (const event of eventsInOrder(history.events)) {
      if (event.at > now) break;
      // Nothing about SLA happens before the ticket exists.
      const at = Math.max(event.at, history.createdAt);
      this.advance(at, false);
      this.provisionalNow =
        event.provisional === true || (history.provisionalAfter !== undefined && event.at > history.provisionalAfter);
      this.apply(event, at);
      this.reconcile(at);
    }
    this.provisionalNow = false;
    this.advance(now, true);
    // Stable: events at one instant keep the order they were caused in.
    this.events.sort(byTime);
    const cycles: SlaClock[] = [];
    if (this.wantCycles) for (const cycle of this.cycles) cycles.push(this.clockOf(cycle, now));
    const clocks: SlaClock[] = [];
    for (const cycle of this.current) if (cycle) clocks.push(this.clockOf(cycle, now));
    return { clocks, cycles, events: this.events };
  }

  private matchPolicy(): ClockPolicy | undefined {
    const { policies, history } = this;
    if (!policies) return undefined;
    return clockPolicyFor(policies, { plan: this.plan, severity: this.severity, channel: history.channel, tags: history.tags });
  }

  /** Re-matches the policy and re-derives the per-metric parameters (after plan or severity changes). */
  private updatePolicy(): void {
    this.policy = this.matchPolicy();
    const next = this.policy ? paramsOf(this.policy, this.severity, this.calendars) : NO_PARAMS;
    // Keep the previous parameter objects where nothing changed (e.g. another policy with the same
    // targets), so that open clocks see "unchanged" by identity and are not re-targeted.
    let merged: Array<CycleParams | null> | undefined;
    for (let i = 0; i < next.length; i += 1) {
      const before = this.params[i] ?? null;
      if (before !== next[i] && before !== null && sameParams(before, next[i]!)) {
        merged ??= [...next];
        merged[i] = before;
      }
    }
    this.params = merged ?? next;
  }

  /** Whether the metric should have an open clock right now, given the ticket's state. */
  private wanted(metric: SlaMetric): boolean {
    const unsolved = !isSolvedStatus(this.status);
    switch (metric) {
      case 'first_response':
        return this.firstReplyAt === null && !this.everSolved;
      case 'next_response': {
        const first = this.current[FIRST_RESPONSE];
        return this.awaitingSince !== null && unsolved && !(first && first.done === null);
      }
      case 'periodic_update':
        return (this.severity === 1 || this.severity === 2) && unsolved && this.firstReplyAt !== null;
      case 'resolution':
        return unsolved;
      default: {
        const exhaustive: never = metric;
        throw new Error(`unknown SLA metric ${String(exhaustive)}`);
      }
    }
  }

  /** Where a new clock of the metric starts: as if its target had applied all along. */
  private startOf(metric: SlaMetric, at: number): number {
    switch (metric) {
      case 'first_response':
      case 'resolution':
        return this.history.createdAt;
      case 'next_response':
        return this.awaitingSince ?? at;
      case 'periodic_update':
        // A cadence: it starts now (the first reply, the latest reply, or the rise to Sev 1/2).
        return at;
      default: {
        const exhaustive: never = metric;
        throw new Error(`unknown SLA metric ${String(exhaustive)}`);
      }
    }
  }

  private apply(event: TicketHistoryEvent, at: number): void {
    switch (event.kind) {
      case 'status':
        this.changeStatus(event.status, at);
        return;
      case 'agent_public_reply':
        if (this.firstReplyAt === null) this.firstReplyAt = at;
        this.awaitingSince = null;
        for (const cycle of this.current) if (cycle) this.trigger(cycle, 'agent_public_reply', at);
        return;
      case 'customer_message':
        if (this.awaitingSince === null) this.awaitingSince = at;
        return;
      case 'severity':
        this.severity = event.severity;
        this.updatePolicy();
        return;
      case 'plan':
        this.plan = event.plan;
        this.updatePolicy();
        return;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown ticket history event ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  private changeStatus(status: TicketStatus, at: number): void {
    const previous = this.status;
    if (status === previous) return;
    this.status = status;
    this.timeline.push({ at, status });
    const wasSolved = isSolvedStatus(previous);
    const nowSolved = isSolvedStatus(status);
    if (nowSolved) this.everSolved = true;
    for (const cycle of this.current) {
      if (!cycle) continue;
      if (nowSolved) {
        if (!wasSolved) this.trigger(cycle, 'solve', at);
        continue;
      }
      if (wasSolved) this.trigger(cycle, 'reopen', at);
      this.trigger(cycle, countsIn(cycle.pauseStatuses, status) ? 'counting_status' : 'pause_status', at);
    }
  }

  private phaseOf(cycle: Cycle): SlaClockPhase {
    if (cycle.done !== null) return cycle.done;
    return cycle.counting ? 'counting' : 'paused';
  }

  /** Applies the transition table to one clock. */
  private trigger(cycle: Cycle, trigger: SlaClockTrigger, at: number): void {
    const action = slaClockAction(cycle.metric, this.phaseOf(cycle), trigger);
    switch (action) {
      case 'none':
        return;
      case 'fulfil':
        this.finish(cycle, at, 'fulfilled');
        return;
      case 'cancel':
        this.finish(cycle, at, 'cancelled');
        return;
      case 'pause':
        this.pause(cycle, at);
        return;
      case 'resume':
        // Re-opening un-fulfils resolution: the time spent solved does not count.
        cycle.done = null;
        cycle.fulfilledAt = undefined;
        this.touch(cycle);
        this.startCounting(cycle, at);
        this.emit(cycle, 'resume', at, { dueAt: cycle.dueAt });
        return;
      default: {
        const exhaustive: never = action;
        throw new Error(`unknown SLA clock action ${String(exhaustive)}`);
      }
    }
  }

  /** Brings open clocks in line with the ticket: cancels unwanted ones, re-targets, starts missing ones. */
  private reconcile(at: number): void {
    for (let i = 0; i < slaMetrics.length; i += 1) {
      const metric = slaMetrics[i]!;
      const cycle = this.current[i];
      const params = this.params[i] && this.wanted(metric) ? this.params[i]! : null;
      if (cycle && cycle.done === null) {
        if (!params) this.finish(cycle, at, 'cancelled');
        else if (cycle.params !== params) this.retarget(cycle, params, at);
        continue;
      }
      if (!params) continue;
      // A fulfilled resolution is resumed by re-opening, never restarted; nor is a first response.
      if (cycle && cycle.done === 'fulfilled' && (metric === 'resolution' || metric === 'first_response')) continue;
      this.open(metric, params, at);
    }
  }

  private open(metric: SlaMetric, params: CycleParams, at: number): void {
    const slot = slaMetrics.indexOf(metric);
    const previous = this.current[slot];
    const cycle: Cycle = {
      params,
      targetMs: params.targetMs,
      calendarId: params.calendarId,
      calendar: params.calendar,
      pauseStatuses: params.pauseStatuses,
      warnAtFraction: params.warnAtFraction,
      warnedAt: undefined,
      breachedAt: undefined,
      fulfilledAt: undefined,
      cancelledAt: undefined,
      metric,
      index: previous ? previous.index + 1 : 0,
      startedAt: this.startOf(metric, at),
      elapsed: 0,
      counting: false,
      countFrom: at,
      dueAt: null,
      warnAt: null,
      done: null,
      provisional: false,
      lastEmitAt: Number.NaN,
      kindsAtLastEmit: [],
    };
    this.cycles.push(cycle);
    this.current[slot] = cycle;
    this.touch(cycle);
    this.recompute(cycle, at);
    this.emit(cycle, 'start', at, { dueAt: cycle.dueAt });
    this.crossAfterRecompute(cycle, at);
  }

  private retarget(cycle: Cycle, params: CycleParams, at: number): void {
    const previousDueAt = cycle.dueAt;
    const wasCounting = cycle.counting;
    cycle.params = params;
    cycle.targetMs = params.targetMs;
    cycle.calendarId = params.calendarId;
    cycle.calendar = params.calendar;
    cycle.pauseStatuses = params.pauseStatuses;
    cycle.warnAtFraction = params.warnAtFraction;
    this.touch(cycle);
    this.recompute(cycle, at);
    this.emit(cycle, 'retarget', at, { dueAt: cycle.dueAt, previousDueAt });
    if (wasCounting !== cycle.counting) this.emit(cycle, cycle.counting ? 'resume' : 'pause', at, { dueAt: cycle.dueAt });
    this.crossAfterRecompute(cycle, at);
  }

  /** Recounts the clock from its start under its (new) parameters, as if they had applied all along. */
  private recompute(cycle: Cycle, at: number): void {
    const { calendar, pauseStatuses, targetMs } = cycle;
    cycle.elapsed = countedBetween(calendar, this.timeline, pauseStatuses, cycle.startedAt, at);
    cycle.counting = countsIn(pauseStatuses, this.status);
    cycle.countFrom = at;
    const threshold = this.warnThreshold(cycle);
    if (cycle.elapsed < threshold) cycle.warnedAt = undefined;
    if (cycle.elapsed >= targetMs) {
      cycle.dueAt = instantWhenCounted(calendar, this.timeline, pauseStatuses, cycle.startedAt, targetMs, at) ?? at;
      cycle.warnAt = null;
    } else {
      cycle.breachedAt = undefined;
      cycle.dueAt = cycle.counting ? addWorkingTime(calendar, at, targetMs - cycle.elapsed) : null;
      cycle.warnAt = cycle.counting && cycle.elapsed < threshold ? addWorkingTime(calendar, at, threshold - cycle.elapsed) : null;
    }
  }

  /** After a recount, a threshold already behind us is reported now (the due instant it passed stays on the event). */
  private crossAfterRecompute(cycle: Cycle, at: number): void {
    const due = cycle.dueAt;
    if (cycle.elapsed >= cycle.targetMs && due !== null && due < at) {
      if (cycle.breachedAt === undefined) {
        cycle.breachedAt = at;
        this.emit(cycle, 'breach', at, { dueAt: due });
      }
    } else if (cycle.elapsed >= this.warnThreshold(cycle) && cycle.warnedAt === undefined && cycle.breachedAt === undefined) {
      cycle.warnedAt = at;
      this.emit(cycle, 'warn', at, { dueAt: due });
    }
  }

  private warnThreshold(cycle: Cycle): number {
    return Math.round(cycle.targetMs * cycle.warnAtFraction);
  }

  private startCounting(cycle: Cycle, at: number): void {
    cycle.counting = true;
    cycle.countFrom = at;
    const remaining = cycle.targetMs - cycle.elapsed;
    if (remaining > 0) cycle.dueAt = addWorkingTime(cycle.calendar, at, remaining);
    else if (cycle.breachedAt === undefined || cycle.dueAt === null) cycle.dueAt = at;
    const toWarn = this.warnThreshold(cycle) - cycle.elapsed;
    cycle.warnAt = toWarn > 0 && cycle.warnedAt === undefined ? addWorkingTime(cycle.calendar, at, toWarn) : null;
  }

  private stopCounting(cycle: Cycle, at: number): void {
    if (cycle.counting) cycle.elapsed += workingTimeBetween(cycle.calendar, cycle.countFrom, at);
    cycle.counting = false;
    cycle.countFrom = at;
    cycle.warnAt = null;
  }

  private pause(cycle: Cycle, at: number): void {
    this.touch(cycle);
    this.stopCounting(cycle, at);
    if (cycle.breachedAt === undefined) cycle.dueAt = null;
    this.emit(cycle, 'pause', at, {});
  }

  private finish(cycle: Cycle, at: number, outcome: 'fulfilled' | 'cancelled'): void {
    this.touch(cycle);
    this.stopCounting(cycle, at);
    cycle.done = outcome;
    if (outcome === 'fulfilled') cycle.fulfilledAt = at;
    else cycle.cancelledAt = at;
    this.emit(cycle, outcome === 'fulfilled' ? 'fulfil' : 'cancel', at, { dueAt: cycle.dueAt });
  }

  /** Emits warnings and breaches whose instants fall before `at` (or at it, when `inclusive`). */
  private advance(at: number, inclusive: boolean): void {
    for (const cycle of this.current) {
      if (!cycle || cycle.done !== null || !cycle.counting) continue;
      if (cycle.warnedAt === undefined && cycle.breachedAt === undefined && reached(cycle.warnAt, at, inclusive)) {
        cycle.warnedAt = cycle.warnAt;
        this.emit(cycle, 'warn', cycle.warnAt, { dueAt: cycle.dueAt });
      }
      if (cycle.breachedAt === undefined && reached(cycle.dueAt, at, inclusive)) {
        cycle.breachedAt = cycle.dueAt;
        this.emit(cycle, 'breach', cycle.dueAt, { dueAt: cycle.dueAt });
      }
    }
  }

  private touch(cycle: Cycle): void {
    if (this.provisionalNow) cycle.provisional = true;
  }

  private emit(
    cycle: Cycle,
    kind: SlaEventKind,
    at: number,
    times: { dueAt?: number | null; previousDueAt?: number | null },
  ): void {
    if (!this.wantEvents) return;
    // Ids are derived from what happened, so recomputing yields the same ids; the rare repeat of
    // one kind at one instant in one clock (e.g. paused twice within a millisecond) gets a suffix.
    if (cycle.lastEmitAt !== at) {
      cycle.lastEmitAt = at;
      cycle.kindsAtLastEmit.length = 0;
    }
    let repeats = 0;
    for (const seen of cycle.kindsAtLastEmit) if (seen === kind) repeats += 1;
    cycle.kindsAtLastEmit.push(kind);
    const id = `${this.history.ticketId}/${cycle.metric}/${cycle.index}/${kind}/${at}${repeats === 0 ? '' : `#${repeats}`}`;
    const event: SlaEvent = { id, ticketId: this.history.ticketId, metric: cycle.metric, kind, at };
    const dueAt = finiteOrUndefined(times.dueAt ?? null);
    if (dueAt !== undefined) event.dueAt = dueAt;
    const previousDueAt = finiteOrUndefined(times.previousDueAt ?? null);
    if (previousDueAt !== undefined) event.previousDueAt = previousDueAt;
    if (cycle.provisional) event.provisional = true;
    this.events.push(event);
  }

  private clockOf(cycle: Cycle, now: number): SlaClock {
    const elapsedMs =
      cycle.counting && cycle.done === null ? cycle.elapsed + workingTimeBetween(cycle.calendar, cycle.countFrom, now) : cycle.elapsed;
    const state: SlaClockState =
      cycle.done === 'cancelled'
        ? 'cancelled'
        : cycle.breachedAt !== undefined
          ? 'breached'
          : cycle.done === 'fulfilled'
            ? 'fulfilled'
            : !cycle.counting
              ? 'paused'
              : cycle.warnedAt !== undefined
                ? 'warning'
                : 'running';
    const clock: SlaClock = {
      metric: cycle.metric,
      state,
      startedAt: cycle.startedAt,
      dueAt: finiteOrUndefined(cycle.dueAt) ?? null,
      remainingMs: cycle.targetMs - elapsedMs,
      elapsedMs,
      targetMs: cycle.targetMs,
      calendarId: cycle.calendarId,
      paused: cycle.done === null && !cycle.counting,
      provisional: cycle.provisional,
    };
    if (cycle.warnedAt !== undefined) clock.warnedAt = cycle.warnedAt;
    if (cycle.fulfilledAt !== undefined) clock.fulfilledAt = cycle.fulfilledAt;
    if (cycle.breachedAt !== undefined) clock.breachedAt = cycle.breachedAt;
    if (cycle.cancelledAt !== undefined) clock.cancelledAt = cycle.cancelledAt;
    return clock;
  }
}

/** The policy a ticket with these facts counts under, whichever form `policies` takes. */
export function clockPolicyFor<P extends ClockPolicy>(
  policies: P | readonly P[] | AccountSlaPolicies<P & { readonly id: string }> | null | undefined,
  facts: SlaTicketFacts,
): P | undefined {
  if (!policies) return undefined;
  if (Array.isArray(policies)) return matchSlaPolicy(policies as readonly P[], facts);
  if ('accountPolicyId' in policies) return slaPolicyForTicket(policies.policies, policies.accountPolicyId, facts);
  return policies as P;
}

/** Clocks, every cycle and the SLA events a ticket's history implies at `now`. */
export function evaluateTicketSla(
  history: TicketSlaHistory,
  policies: ClockPolicies,
  calendars: CalendarLookup,
  now: number,
): TicketSlaEvaluation {
  return new TicketSlaReplay(history, policies, calendars, true, true).run(now);
}

/** The latest clock of each metric at `now` (metrics without a target have none). */
export function ticketSlaClocks(
  history: TicketSlaHistory,
  policies: ClockPolicies,
  calendars: CalendarLookup,
  now: number,
): SlaClock[] {
  // The queue needs only the clocks: skip building events and past cycles.
  return new TicketSlaReplay(history, policies, calendars, false, false).run(now).clocks;
}

/** The start/pause/resume/warn/breach/fulfil/cancel/retarget events the history implies up to `now`. */
export function slaEventsFromHistory(
  history: TicketSlaHistory,
  policies: ClockPolicies,
  calendars: CalendarLookup,
  now: number,
): SlaEvent[] {
  return new TicketSlaReplay(history, policies, calendars, true, false).run(now).events;
}
