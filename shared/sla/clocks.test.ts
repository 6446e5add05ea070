import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  slaClockSchema,
  slaEventSchema,
  slaPolicySchema,
  type BusinessCalendar as StoredCalendar,
  type SlaEvent,
  type SlaMetric,
  type SlaPolicy,
  type SlaPolicyInput,
} from '../domain/sla';
import type { TicketStatus } from '../domain/ticket';
import { ALWAYS_OPEN_WEEKLY } from './calendar';
import { evaluateTicketSla, slaEventsFromHistory, ticketSlaClocks, type TicketHistoryEvent, type TicketSlaHistory } from './clocks';

const H = 3_600_000;
const M = 60_000;
const utc = (iso: string): number => Date.parse(`${iso}Z`);

const OFFICE = '00000000-0000-4000-8000-0000000000c1';
const ALWAYS = '00000000-0000-4000-8000-0000000000c2';
const TICKET = '00000000-0000-4000-8000-00000000000a';

const calendars = new Map<string, StoredCalendar>([
  [
    OFFICE,
    {
      id: OFFICE,
      name: 'London office',
      timeZone: 'UTC',
      weekly: {
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '17:00']],
      },
      version: 1,
      updatedAt: 0,
    },
  ],
  [ALWAYS, { id: ALWAYS, name: '24/7', timeZone: 'UTC', weekly: ALWAYS_OPEN_WEEKLY, version: 1, updatedAt: 0 }],
]);

function policy(overrides: Partial<SlaPolicyInput> = {}): SlaPolicy {
  return slaPolicySchema.parse({
    id: '00000000-0000-4000-8000-0000000000b1',
    name: 'Business',
    position: 1,
    targets: {
      1: { firstResponseMin: 60, nextResponseMin: 120, periodicUpdateMin: 60, resolutionMin: 8 * 60 },
      2: { firstResponseMin: 120, nextResponseMin: 240, periodicUpdateMin: 240, resolutionMin: 16 * 60 },
      3: { firstResponseMin: 4 * 60, nextResponseMin: 8 * 60, resolutionMin: 24 * 60 },
      4: { firstResponseMin: 8 * 60 },
    },
    calendarId: OFFICE,
    calendarBySeverity: { 1: ALWAYS },
    ...overrides,
  });
}

// 2025-01-06 is a Monday.
const MON_9 = utc('2025-01-06T09:00');

function history(events: TicketHistoryEvent[], overrides: Partial<TicketSlaHistory> = {}): TicketSlaHistory {
  return {
    ticketId: TICKET,
    createdAt: MON_9,
    plan: 'business',
    severity: 3,
    channel: 'email',
    tags: [],
    events,
    ...overrides,
  };
}

const reply = (at: number): TicketHistoryEvent => ({ at, kind: 'agent_public_reply' });
const message = (at: number): TicketHistoryEvent => ({ at, kind: 'customer_message' });
const status = (at: number, value: TicketStatus): TicketHistoryEvent => ({ at, kind: 'status', status: value });
const severity = (at: number, value: 1 | 2 | 3 | 4): TicketHistoryEvent => ({ at, kind: 'severity', severity: value });

function clock(h: TicketSlaHistory, metric: SlaMetric, now: number, p: SlaPolicy | SlaPolicy[] = policy()) {
  const found = ticketSlaClocks(h, p, calendars, now).find((c) => c.metric === metric);
  if (!found) throw new Error(`no ${metric} clock`);
  return found;
}

function kinds(events: SlaEvent[], metric: SlaMetric): string[] {
  return events.filter((e) => e.metric === metric).map((e) => `${e.kind}@${new Date(e.at).toISOString().slice(5, 16)}`);
}

describe('first response', () => {
  it('is fulfilled by the first public reply within target', () => {
    const h = history([status(MON_9, 'open'), reply(utc('2025-01-06T12:00'))]);
    const c = clock(h, 'first_response', utc('2025-01-06T15:00'));
    expect(c).toMatchObject({ state: 'fulfilled', elapsedMs: 3 * H, remainingMs: H, targetMs: 4 * H, fulfilledAt: utc('2025-01-06T12:00') });
    expect(c.dueAt).toBe(utc('2025-01-06T13:00'));
    expect(kinds(slaEventsFromHistory(h, policy(), calendars, utc('2025-01-06T15:00')), 'first_response')).toEqual([
      'start@01-06T09:00',
      'fulfil@01-06T12:00',
    ]);
  });

  it('warns at 75 %, breaches at the due time, and a late reply leaves it breached', () => {
    const h = history([reply(utc('2025-01-06T14:00'))]);
    const now = utc('2025-01-06T16:00');
    const c = clock(h, 'first_response', now);
    expect(c).toMatchObject({
      state: 'breached',
      breachedAt: utc('2025-01-06T13:00'),
      fulfilledAt: utc('2025-01-06T14:00'),
      warnedAt: utc('2025-01-06T12:00'),
      remainingMs: -H,
    });
    expect(kinds(slaEventsFromHistory(h, policy(), calendars, now), 'first_response')).toEqual([
      'start@01-06T09:00',
      'warn@01-06T12:00',
      'breach@01-06T13:00',
      'fulfil@01-06T14:00',
    ]);
  });

  it('counts only working time: created Friday afternoon, due Monday morning', () => {
    const friday = utc('2025-01-10T16:00');
    const h = history([], { createdAt: friday });
    const c = clock(h, 'first_response', utc('2025-01-11T12:00'));
    expect(c).toMatchObject({ state: 'running', elapsedMs: H, remainingMs: 3 * H, dueAt: utc('2025-01-13T12:00') });
    expect(clock(h, 'first_response', utc('2025-01-13T11:00')).state).toBe('warning');
  });

  it('a reply exactly at the due instant is on time; without one the clock is breached from that instant', () => {
    const due = utc('2025-01-06T13:00');
    expect(clock(history([reply(due)]), 'first_response', due + H).state).toBe('fulfilled');
    expect(clock(history([]), 'first_response', due - 1)).toMatchObject({ state: 'warning', remainingMs: 1 });
    expect(clock(history([]), 'first_response', due)).toMatchObject({ state: 'breached', remainingMs: 0, breachedAt: due });
    expect(clock(history([]), 'first_response', due + 1)).toMatchObject({ state: 'breached', remainingMs: -1 });
  });

  it('customer messages before the first reply do not start next response', () => {
    const h = history([message(utc('2025-01-06T10:00')), reply(utc('2025-01-06T11:00'))]);
    const clocks = ticketSlaClocks(h, policy(), calendars, utc('2025-01-06T12:00'));
    expect(clocks.map((c) => c.metric)).toEqual(['first_response', 'resolution']);
  });

  it('is cancelled when the ticket is solved without a reply and not restarted by re-opening', () => {
    const h = history([status(utc('2025-01-06T10:00'), 'solved'), status(utc('2025-01-06T11:00'), 'open')]);
    const c = clock(h, 'first_response', utc('2025-01-06T16:00'));
    expect(c).toMatchObject({ state: 'cancelled', cancelledAt: utc('2025-01-06T10:00') });
  });
});

describe('next response', () => {
  it('starts at the first unanswered customer message and is met by the next reply; each exchange is a cycle', () => {
    const h = history([
      reply(utc('2025-01-06T09:30')),
      message(utc('2025-01-06T10:00')),
      message(utc('2025-01-06T11:00')), // still waiting since 10:00
      reply(utc('2025-01-06T12:00')),
      message(utc('2025-01-06T14:00')),
    ]);
    const now = utc('2025-01-06T15:00');
    const result = evaluateTicketSla(h, policy(), calendars, now);
    const cycles = result.cycles.filter((c) => c.metric === 'next_response');
    expect(cycles).toHaveLength(2);
    expect(cycles[0]).toMatchObject({ state: 'fulfilled', startedAt: utc('2025-01-06T10:00'), elapsedMs: 2 * H });
    expect(cycles[1]).toMatchObject({ state: 'running', startedAt: utc('2025-01-06T14:00'), elapsedMs: H, remainingMs: 7 * H });
    expect(result.clocks.find((c) => c.metric === 'next_response')).toEqual(cycles[1]);
    expect(kinds(result.events, 'next_response')).toEqual(['start@01-06T10:00', 'fulfil@01-06T12:00', 'start@01-06T14:00']);
  });

  it('is cancelled when the ticket is solved, and restarts from the message when re-opened (solved time excluded)', () => {
    const h = history([
      reply(utc('2025-01-06T09:30')),
      message(utc('2025-01-06T10:00')),
      status(utc('2025-01-06T11:00'), 'solved'),
      status(utc('2025-01-07T09:00'), 'open'),
    ]);
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-07T10:00'));
    const cycles = result.cycles.filter((c) => c.metric === 'next_response');
    expect(cycles.map((c) => c.state)).toEqual(['cancelled', 'running']);
    // 10:00–11:00 on Monday and 09:00–10:00 on Tuesday count.
    expect(cycles[1]).toMatchObject({ startedAt: utc('2025-01-06T10:00'), elapsedMs: 2 * H });
  });
});

describe('resolution', () => {
  it('pauses while pending customer and resumes with a new due time', () => {
    const h = history([status(MON_9, 'open'), status(utc('2025-01-06T10:00'), 'pending_customer'), status(utc('2025-01-07T09:00'), 'open')]);
    const paused = clock(h, 'resolution', utc('2025-01-06T16:00'));
    expect(paused).toMatchObject({ state: 'paused', paused: true, dueAt: null, elapsedMs: H, remainingMs: 23 * H });
    const running = clock(h, 'resolution', utc('2025-01-07T11:00'));
    // 23 working hours from Tuesday 09:00: Tue, Wed (16 h), then 7 h on Thursday.
    expect(running).toMatchObject({ state: 'running', paused: false, elapsedMs: 3 * H, dueAt: utc('2025-01-09T16:00') });
    const events = slaEventsFromHistory(h, policy(), calendars, utc('2025-01-07T11:00')).filter((e) => e.metric === 'resolution');
    expect(events.map((e) => e.kind)).toEqual(['start', 'pause', 'resume']);
    expect(events[2]!.dueAt).toBe(utc('2025-01-09T16:00'));
    expect(events[1]!.dueAt).toBeUndefined();
  });

  it('pauses in on hold and waiting on engineering', () => {
    const h = history([status(utc('2025-01-06T10:00'), 'on_hold'), status(utc('2025-01-06T11:00'), 'waiting_engineering'), status(utc('2025-01-06T12:00'), 'open')]);
    expect(clock(h, 'resolution', utc('2025-01-06T13:00')).elapsedMs).toBe(2 * H);
  });

  it('is fulfilled by solving; re-opening resumes where it stopped, solving again fulfils again', () => {
    const solvedAt = utc('2025-01-06T12:00');
    const reopenedAt = utc('2025-01-08T09:00');
    const h = history([status(solvedAt, 'solved'), status(reopenedAt, 'open'), status(utc('2025-01-08T10:00'), 'solved')]);
    const whileSolved = clock(h, 'resolution', utc('2025-01-07T12:00'));
    expect(whileSolved).toMatchObject({ state: 'fulfilled', fulfilledAt: solvedAt, elapsedMs: 3 * H });
    const reopened = clock(h, 'resolution', utc('2025-01-08T09:30'));
    expect(reopened).toMatchObject({ state: 'running', elapsedMs: 3.5 * H });
    expect(reopened.fulfilledAt).toBeUndefined();
    const solvedAgain = clock(h, 'resolution', utc('2025-01-09T09:00'));
    expect(solvedAgain).toMatchObject({ state: 'fulfilled', fulfilledAt: utc('2025-01-08T10:00'), elapsedMs: 4 * H });
    expect(kinds(slaEventsFromHistory(h, policy(), calendars, utc('2025-01-09T09:00')), 'resolution')).toEqual([
      'start@01-06T09:00',
      'fulfil@01-06T12:00',
      'resume@01-08T09:00',
      'fulfil@01-08T10:00',
    ]);
  });

  it('a ticket re-opened into a paused status resumes and pauses at once', () => {
    const h = history([status(utc('2025-01-06T12:00'), 'solved'), status(utc('2025-01-07T09:00'), 'solved'), status(utc('2025-01-07T10:00'), 'open')]);
    expect(clock(h, 'resolution', utc('2025-01-07T11:00')).elapsedMs).toBe(4 * H);
    const intoHold = history([status(utc('2025-01-06T12:00'), 'solved'), status(utc('2025-01-07T10:00'), 'on_hold')]);
    expect(clock(intoHold, 'resolution', utc('2025-01-07T11:00'))).toMatchObject({ state: 'paused', elapsedMs: 3 * H });
    expect(kinds(slaEventsFromHistory(intoHold, policy(), calendars, utc('2025-01-07T11:00')), 'resolution')).toEqual([
      'start@01-06T09:00',
      'fulfil@01-06T12:00',
      'resume@01-07T10:00',
      'pause@01-07T10:00',
    ]);
  });

  it('solved late stays breached, and re-opening a breached resolution keeps it breached', () => {
    // Sev 3 resolution: 24 working hours = Mon, Tue, Wed → due Wednesday 17:00.
    const h = history([status(utc('2025-01-09T10:00'), 'solved'), status(utc('2025-01-09T11:00'), 'open')]);
    const solved = clock(h, 'resolution', utc('2025-01-09T10:30'));
    expect(solved).toMatchObject({ state: 'breached', breachedAt: utc('2025-01-08T17:00'), fulfilledAt: utc('2025-01-09T10:00') });
    // 25 h at solving, the solved hour excluded, one more hour after re-opening: 26 h of 24.
    expect(clock(h, 'resolution', utc('2025-01-09T12:00'))).toMatchObject({ state: 'breached', remainingMs: -2 * H });
  });
});

describe('periodic update (Sev 1 on a 24/7 calendar)', () => {
  const sev1 = (events: TicketHistoryEvent[]) => history(events, { severity: 1 });

  it('starts at the first reply, is met and restarted by every reply, breaches when the cadence is missed', () => {
    const h = sev1([reply(utc('2025-01-06T09:10')), reply(utc('2025-01-06T10:00')), status(utc('2025-01-06T10:05'), 'open')]);
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-06T11:30'));
    const cycles = result.cycles.filter((c) => c.metric === 'periodic_update');
    expect(cycles.map((c) => [c.state, c.startedAt])).toEqual([
      ['fulfilled', utc('2025-01-06T09:10')],
      ['breached', utc('2025-01-06T10:00')],
    ]);
    expect(kinds(result.events, 'periodic_update')).toEqual([
      'start@01-06T09:10',
      'warn@01-06T09:55',
      'fulfil@01-06T10:00',
      'start@01-06T10:00',
      'warn@01-06T10:45',
      'breach@01-06T11:00',
    ]);
  });

  it('keeps running while waiting on engineering (resolution pauses), pauses while pending customer', () => {
    const h = sev1([reply(utc('2025-01-06T09:10')), status(utc('2025-01-06T09:20'), 'waiting_engineering')]);
    const now = utc('2025-01-06T10:00');
    expect(clock(h, 'periodic_update', now)).toMatchObject({ state: 'warning', elapsedMs: 50 * M });
    expect(clock(h, 'resolution', now)).toMatchObject({ state: 'paused', elapsedMs: 20 * M });
    const pending = sev1([reply(utc('2025-01-06T09:10')), status(utc('2025-01-06T09:20'), 'pending_customer')]);
    expect(clock(pending, 'periodic_update', now)).toMatchObject({ state: 'paused', elapsedMs: 10 * M });
  });

  it('is cancelled when the severity drops to 3 and when the ticket is solved', () => {
    const dropped = sev1([reply(utc('2025-01-06T09:10')), severity(utc('2025-01-06T09:30'), 3)]);
    expect(clock(dropped, 'periodic_update', utc('2025-01-06T12:00'))).toMatchObject({ state: 'cancelled', cancelledAt: utc('2025-01-06T09:30') });
    const solved = sev1([reply(utc('2025-01-06T09:10')), status(utc('2025-01-06T09:30'), 'solved')]);
    expect(clock(solved, 'periodic_update', utc('2025-01-06T12:00')).state).toBe('cancelled');
  });

  it('starts when a replied ticket is raised to Sev 2, counting from the change', () => {
    const h = history([reply(utc('2025-01-06T09:10')), severity(utc('2025-01-06T10:00'), 2)]);
    const c = clock(h, 'periodic_update', utc('2025-01-06T11:00'));
    expect(c).toMatchObject({ state: 'running', startedAt: utc('2025-01-06T10:00'), elapsedMs: H, targetMs: 4 * H });
  });

  it('has no clock for Sev 3', () => {
    const h = history([reply(utc('2025-01-06T09:10'))]);
    expect(ticketSlaClocks(h, policy(), calendars, utc('2025-01-06T11:00')).map((c) => c.metric)).not.toContain('periodic_update');
  });
});

describe('re-targeting on severity and plan changes', () => {
  it('raising the severity re-targets from the ticket start (and calendar), and breaches at once when already overdue', () => {
    // Sev 3 (4 h office) → Sev 1 (60 min, 24/7) at 10:30: as if 60 min applied all along, due 10:00 — overdue.
    const h = history([severity(utc('2025-01-06T10:30'), 1)]);
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-06T11:00'));
    const first = result.events.filter((e) => e.metric === 'first_response');
    expect(first.map((e) => e.kind)).toEqual(['start', 'retarget', 'breach']);
    expect(first[1]).toMatchObject({ at: utc('2025-01-06T10:30'), previousDueAt: utc('2025-01-06T13:00'), dueAt: utc('2025-01-06T10:00') });
    expect(first[2]).toMatchObject({ at: utc('2025-01-06T10:30'), dueAt: utc('2025-01-06T10:00') });
    expect(result.clocks.find((c) => c.metric === 'first_response')).toMatchObject({
      state: 'breached',
      targetMs: H,
      calendarId: ALWAYS,
      remainingMs: -H,
      breachedAt: utc('2025-01-06T10:30'),
    });
  });

  it('raising the severity in time moves the due time earlier and warns later', () => {
    const h = history([severity(utc('2025-01-06T09:10'), 1)]);
    const c = clock(h, 'first_response', utc('2025-01-06T09:20'));
    expect(c).toMatchObject({ state: 'running', dueAt: utc('2025-01-06T10:00'), elapsedMs: 20 * M });
    expect(clock(h, 'first_response', utc('2025-01-06T09:50')).state).toBe('warning');
  });

  it('lowering the severity re-targets as if the longer target applied all along (a past breach stays in the history)', () => {
    const h = history([severity(utc('2025-01-06T10:30'), 3)], { severity: 1 });
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-06T11:00'));
    expect(kinds(result.events, 'first_response')).toEqual(['start@01-06T09:00', 'warn@01-06T09:45', 'breach@01-06T10:00', 'retarget@01-06T10:30']);
    const c = result.clocks.find((x) => x.metric === 'first_response')!;
    expect(c).toMatchObject({ state: 'running', targetMs: 4 * H, dueAt: utc('2025-01-06T13:00'), calendarId: OFFICE });
    expect(c.breachedAt).toBeUndefined();
    expect(c.warnedAt).toBeUndefined();
  });

  it('a paused clock is re-targeted from its start too', () => {
    const h = history([status(utc('2025-01-06T10:00'), 'on_hold'), severity(utc('2025-01-06T11:00'), 2)]);
    const c = clock(h, 'resolution', utc('2025-01-06T12:00'));
    expect(c).toMatchObject({ state: 'paused', targetMs: 16 * H, elapsedMs: H, dueAt: null });
  });

  it('a severity without a target cancels the clock; getting a target back starts it as if it had applied all along', () => {
    const h = history([severity(utc('2025-01-06T10:00'), 4), severity(utc('2025-01-06T12:00'), 3)]);
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-06T13:00'));
    const resolution = result.cycles.filter((c) => c.metric === 'resolution');
    expect(resolution.map((c) => c.state)).toEqual(['cancelled', 'running']);
    expect(resolution[1]).toMatchObject({ startedAt: MON_9, elapsedMs: 4 * H });
  });

  it('a plan change re-matches the policies and re-targets', () => {
    const enterprise = policy({
      id: '00000000-0000-4000-8000-0000000000b2',
      name: 'Enterprise',
      position: 0,
      match: { plans: ['enterprise'] },
      targets: { 1: {}, 2: {}, 3: { firstResponseMin: 60 }, 4: {} },
    });
    const fallback = policy({ position: 9 });
    const h = history([{ at: utc('2025-01-06T09:30'), kind: 'plan', plan: 'enterprise' }]);
    const result = evaluateTicketSla(h, [fallback, enterprise], calendars, utc('2025-01-06T09:40'));
    const retarget = result.events.find((e) => e.kind === 'retarget' && e.metric === 'first_response');
    expect(retarget).toMatchObject({ previousDueAt: utc('2025-01-06T13:00'), dueAt: utc('2025-01-06T10:00') });
    // The enterprise policy has no Sev 3 resolution target: that clock is cancelled.
    expect(result.clocks.find((c) => c.metric === 'resolution')).toMatchObject({ state: 'cancelled' });
  });
});

describe('provisional changes made offline', () => {
  it('marks clocks and events touched by unstamped events as provisional', () => {
    const h = history([reply(utc('2025-01-06T10:00')), message(utc('2025-01-06T11:00')), reply(utc('2025-01-06T11:30'))], {
      provisionalAfter: utc('2025-01-06T11:15'),
    });
    const result = evaluateTicketSla(h, policy(), calendars, utc('2025-01-06T12:00'));
    expect(result.clocks.find((c) => c.metric === 'first_response')!.provisional).toBe(false);
    expect(result.clocks.find((c) => c.metric === 'next_response')!.provisional).toBe(true);
    expect(result.clocks.find((c) => c.metric === 'resolution')!.provisional).toBe(false);
    const fulfil = result.events.find((e) => e.metric === 'next_response' && e.kind === 'fulfil');
    expect(fulfil?.provisional).toBe(true);
    expect(result.events.find((e) => e.metric === 'next_response' && e.kind === 'start')?.provisional).toBeUndefined();
  });

  it('also honours a provisional flag on the event itself', () => {
    const h = history([{ at: utc('2025-01-06T10:00'), kind: 'agent_public_reply', provisional: true }]);
    expect(clock(h, 'first_response', utc('2025-01-06T11:00')).provisional).toBe(true);
  });
});

describe('edges', () => {
  it('without a policy there are no clocks', () => {
    expect(ticketSlaClocks(history([reply(MON_9 + H)]), null, calendars, MON_9 + 2 * H)).toEqual([]);
    expect(ticketSlaClocks(history([]), [], calendars, MON_9 + 2 * H)).toEqual([]);
  });

  it('a missing calendar is a clear error, not a silent 24/7', () => {
    expect(() => ticketSlaClocks(history([]), policy({ calendarId: '00000000-0000-4000-8000-0000000000ff' }), calendars, MON_9)).toThrow(
      /business calendar "00000000-0000-4000-8000-0000000000ff"/,
    );
  });

  it('ignores events after now and accepts calendars as a plain record', () => {
    const h = history([reply(utc('2025-01-06T12:00'))]);
    const record = Object.fromEntries(calendars);
    expect(ticketSlaClocks(h, policy(), record, utc('2025-01-06T10:00')).find((c) => c.metric === 'first_response')!.state).toBe('running');
  });

  it('a calendar without working time never comes due', () => {
    const never = new Map(calendars);
    never.set(OFFICE, { ...calendars.get(OFFICE)!, weekly: {} });
    const c = clock(history([]), 'first_response', utc('2025-02-06T10:00'), policy());
    expect(c.dueAt).not.toBeNull();
    const none = ticketSlaClocks(history([]), policy(), never, utc('2025-02-06T10:00')).find((x) => x.metric === 'first_response')!;
    expect(none).toMatchObject({ state: 'running', dueAt: null, elapsedMs: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The transition table, exercised through the replay for every reachable (metric, phase, trigger)
// ---------------------------------------------------------------------------------------------

describe('clock transitions, exhaustively', () => {
  // Every metric pauses in on_hold and pending_customer here, so that every clock can be paused.
  const tablePolicy = policy({
    targets: {
      1: { firstResponseMin: 600, nextResponseMin: 600, periodicUpdateMin: 600, resolutionMin: 6000 },
      2: {},
      3: {},
      4: {},
    },
    calendarBySeverity: { 1: ALWAYS },
    pauseStatuses: {
      firstResponse: ['on_hold', 'pending_customer'],
      nextResponse: ['on_hold', 'pending_customer'],
      periodicUpdate: ['on_hold', 'pending_customer'],
      resolution: ['on_hold', 'pending_customer'],
    },
  });
  const t = (minutes: number) => MON_9 + minutes * M;
  const metrics: SlaMetric[] = ['first_response', 'next_response', 'periodic_update', 'resolution'];
  const phases = ['counting', 'paused', 'fulfilled', 'cancelled'] as const;
  const triggers = ['agent_public_reply', 'pause_status', 'counting_status', 'solve'] as const;

  /** Brings the metric's first clock into the phase by minute 3, with the ticket unsolved where possible. */
  function setup(metric: SlaMetric, phase: (typeof phases)[number]): TicketHistoryEvent[] {
    const base: TicketHistoryEvent[] = metric === 'first_response' || metric === 'resolution' ? [] : [reply(t(1)), message(t(2))];
    switch (phase) {
      case 'counting':
        return base;
      case 'paused':
        return [...base, status(t(3), 'on_hold')];
      case 'fulfilled':
        return [...base, metric === 'resolution' ? status(t(3), 'solved') : reply(t(3))];
      case 'cancelled':
        return [...base, severity(t(3), 2)]; // Sev 2 has no targets here
    }
  }
  function triggerEvent(trigger: (typeof triggers)[number], phase: (typeof phases)[number]): TicketHistoryEvent {
    switch (trigger) {
      case 'agent_public_reply':
        return reply(t(4));
      case 'pause_status':
        return status(t(4), phase === 'paused' ? 'pending_customer' : 'on_hold');
      case 'counting_status':
        return status(t(4), phase === 'paused' ? 'open' : 'waiting_engineering');
      case 'solve':
        return status(t(4), 'solved');
    }
  }
  const response = {
    counting: { agent_public_reply: ['fulfil'], pause_status: ['pause'], counting_status: [], solve: ['cancel'] },
    paused: { agent_public_reply: ['fulfil'], pause_status: [], counting_status: ['resume'], solve: ['cancel'] },
    fulfilled: { agent_public_reply: [], pause_status: [], counting_status: [], solve: [] },
    cancelled: { agent_public_reply: [], pause_status: [], counting_status: [], solve: [] },
  };
  const expected: Record<SlaMetric, Record<(typeof phases)[number], Record<(typeof triggers)[number], string[]>>> = {
    first_response: response,
    next_response: response,
    periodic_update: response,
    resolution: {
      counting: { agent_public_reply: [], pause_status: ['pause'], counting_status: [], solve: ['fulfil'] },
      paused: { agent_public_reply: [], pause_status: [], counting_status: ['resume'], solve: ['fulfil'] },
      // A fulfilled resolution means a solved ticket: a reply or closing changes nothing…
      fulfilled: { agent_public_reply: [], pause_status: [], counting_status: [], solve: [] },
      cancelled: { agent_public_reply: [], pause_status: [], counting_status: [], solve: [] },
    },
  };

  for (const metric of metrics) {
    for (const phase of phases) {
      for (const trigger of triggers) {
        // From a solved ticket, "pause/counting status" are re-openings: tested below.
        if (metric === 'resolution' && phase === 'fulfilled' && (trigger === 'pause_status' || trigger === 'counting_status')) continue;
        it(`${metric} ${phase} + ${trigger}`, () => {
          const event =
            metric === 'resolution' && phase === 'fulfilled' && trigger === 'solve' ? status(t(4), 'closed') : triggerEvent(trigger, phase);
          const h = history([...setup(metric, phase), event], { severity: 1 });
          const events = slaEventsFromHistory(h, tablePolicy, calendars, t(10));
          const before = slaEventsFromHistory(history(setup(metric, phase), { severity: 1 }), tablePolicy, calendars, t(3));
          const first = before.filter((e) => e.metric === metric);
          // The setup really reached the phase.
          const lastKind = first.filter((e) => e.id.split('/')[2] === '0').at(-1)?.kind;
          expect(lastKind).toBe({ counting: 'start', paused: 'pause', fulfilled: 'fulfil', cancelled: 'cancel' }[phase]);
          const atTrigger = events.filter((e) => e.metric === metric && e.at === t(4) && e.id.split('/')[2] === '0').map((e) => e.kind);
          expect(atTrigger).toEqual(expected[metric][phase][trigger]);
        });
      }
    }
  }

  it('resolution fulfilled + reopen resumes (and pauses again when re-opened into a pause status)', () => {
    const reopened = slaEventsFromHistory(history([status(t(3), 'solved'), status(t(4), 'open')], { severity: 1 }), tablePolicy, calendars, t(10));
    expect(reopened.filter((e) => e.metric === 'resolution' && e.at === t(4)).map((e) => e.kind)).toEqual(['resume']);
    const onHold = slaEventsFromHistory(history([status(t(3), 'solved'), status(t(4), 'on_hold')], { severity: 1 }), tablePolicy, calendars, t(10));
    expect(onHold.filter((e) => e.metric === 'resolution' && e.at === t(4)).map((e) => e.kind)).toEqual(['resume', 'pause']);
  });

  it('response clocks cancelled by solving stay cancelled when re-opened', () => {
    for (const metric of ['first_response', 'next_response', 'periodic_update'] as const) {
      const base = metric === 'first_response' ? [] : [reply(t(1)), message(t(2))];
      const events = slaEventsFromHistory(history([...base, status(t(3), 'solved'), status(t(4), 'open')], { severity: 1 }), tablePolicy, calendars, t(10));
      expect(events.filter((e) => e.metric === metric && e.id.split('/')[2] === '0' && e.at === t(4))).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants over random histories
// ---------------------------------------------------------------------------------------------

const statuses: TicketStatus[] = ['open', 'pending_customer', 'on_hold', 'waiting_engineering', 'solved', 'open', 'open'];
const eventArb: fc.Arbitrary<(at: number) => TicketHistoryEvent> = fc.oneof(
  fc.constantFrom(...statuses).map((s) => (at: number) => status(at, s)),
  fc.constant((at: number) => reply(at)),
  fc.constant((at: number) => message(at)),
  fc.constantFrom(1, 2, 3, 4).map((s) => (at: number) => severity(at, s as 1 | 2 | 3 | 4)),
);
const historyArb = fc
  .record({
    createdAt: fc.integer({ min: utc('2025-01-01T00:00'), max: utc('2025-03-01T00:00') }),
    severity: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
    steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * H }), eventArb), { maxLength: 14 }),
  })
  .map(({ createdAt, severity: sev, steps }) => {
    let at = createdAt;
    const events = steps.map(([gap, make]) => {
      at += gap;
      return make(at);
    });
    return { h: history(events, { createdAt, severity: sev }), end: at };
  });

describe('invariants over random histories', () => {
  it('events are schema-valid, ordered, uniquely identified, and clocks are consistent', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 30 * 24 * H }), ({ h, end }, extra) => {
        const now = end + extra;
        const result = evaluateTicketSla(h, policy(), calendars, now);
        const ids = new Set<string>();
        let last = -Infinity;
        for (const event of result.events) {
          slaEventSchema.parse(event);
          expect(event.at).toBeGreaterThanOrEqual(last);
          expect(event.at).toBeLessThanOrEqual(now);
          last = event.at;
          expect(ids.has(event.id)).toBe(false);
          ids.add(event.id);
        }
        for (const c of result.cycles) {
          slaClockSchema.parse(c);
          expect(c.remainingMs).toBe(c.targetMs - c.elapsedMs);
          expect(c.elapsedMs).toBeGreaterThanOrEqual(0);
          expect(c.elapsedMs).toBeLessThanOrEqual(Math.max(0, now - c.startedAt));
          if (c.state === 'breached') expect(c.remainingMs).toBeLessThanOrEqual(0);
          if (c.state === 'running' || c.state === 'warning' || c.state === 'paused') expect(c.remainingMs).toBeGreaterThan(0);
          if (c.state === 'running' || c.state === 'warning') expect(c.dueAt).toBeGreaterThan(now);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('evaluating later only adds events: the events up to an earlier instant never change', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 100 }), ({ h, end }, cut) => {
        const early = h.createdAt + Math.floor(((end - h.createdAt) * cut) / 100);
        const later = slaEventsFromHistory(h, policy(), calendars, end + 10 * 24 * H);
        const earlier = slaEventsFromHistory(h, policy(), calendars, early);
        expect(later.filter((e) => e.at <= early).map((e) => e.id).sort()).toEqual(earlier.map((e) => e.id).sort());
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('elapsed time of a clock never decreases as now moves on', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 5 * 24 * H }), ({ h, end }, step) => {
        const a = ticketSlaClocks(h, policy(), calendars, end);
        const b = ticketSlaClocks(h, policy(), calendars, end + step);
        for (const clockA of a) {
          const clockB = b.find((c) => c.metric === clockA.metric)!;
          if (clockB.startedAt === clockA.startedAt && clockB.targetMs === clockA.targetMs) {
            expect(clockB.elapsedMs).toBeGreaterThanOrEqual(clockA.elapsedMs);
          }
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
