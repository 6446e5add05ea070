import type { BusinessCalendar } from '../../../../shared/domain';
import { workingTimeBetween } from '../../../../shared/sla/calendar';
import { formatDuration } from '../../ui/format';
import { breachShift, breachShiftLabels, type BreachShift, type ShiftWindows } from './agentShift';
import { slaMetricLabels, slaStateAt, type SlaSnapshot, type SlaState } from './slaSnapshot';

/**
 * What a countdown badge says, as plain data (pure, so it is tested without a DOM): the state in words (never
 * colour alone), the business time left (or over) in the clock's calendar, the shift it breaches in, and the
 * due moment in the agent's and in the customer's time zone.
 */
export interface CountdownText {
  state: SlaState;
  /** The words shown: "2h 05m left", "Warning · 12m left", "Breached · 5m over", "Paused", "Met", "—". */
  text: string;
  /** Business ms left (negative: over), null without a due instant. */
  businessMsLeft: number | null;
  shift: BreachShift | null;
  shiftLabel: string | null;
  /** "Due Tue, Jun 9, 14:30 GMT+2 (yours) · 08:30 EDT (customer)", null without a due instant. */
  dueMoments: string | null;
  /** Title for hover and screen readers. */
  title: string;
}

export const slaStateLabels: Readonly<Record<SlaState, string>> = {
  breached: 'Breached',
  warning: 'Warning',
  ok: 'On track',
  paused: 'Paused',
  none: 'No clock',
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Due moments already formatted, per time zone and instant. Every visible queue row formats two of them (the
 * agent's zone and the customer's) on each render — view switches and the once-a-second tick — yet a due instant
 * only changes when the ticket does. Cleared when full rather than tracked per use: a queue shows a few dozen rows.
 */
const formattedMoments = new Map<string, string>();
const formattedMomentsLimit = 2000;

/** The exact due moment in a time zone, e.g. "Tue, Jun 9, 14:30 GMT+2". Unknown zones fall back to UTC. */
export function formatDueMoment(at: number, timeZone: string): string {
  const key = `${timeZone} ${at}`;
  let text = formattedMoments.get(key);
  if (text === undefined) {
    if (formattedMoments.size >= formattedMomentsLimit) formattedMoments.clear();
    text = formatDueMomentNow(at, timeZone);
    formattedMoments.set(key, text);
  }
  return text;
}

function formatDueMomentNow(at: number, timeZone: string): string {
  try {
    return formatterFor(timeZone).format(at);
  } catch {
    return formatterFor('UTC').format(at);
  }
}

/** Business time from `now` to `dueAt` in the calendar (negative once past); wall time without a calendar. */
export function businessTimeLeft(dueAt: number, now: number, calendar: BusinessCalendar | undefined): number {
  if (!calendar) return dueAt - now;
  return dueAt >= now ? workingTimeBetween(calendar, now, dueAt) : -workingTimeBetween(calendar, dueAt, now);
}

export function countdownText(
  sla: SlaSnapshot,
  now: number,
  opts: { calendar?: BusinessCalendar | undefined; shiftWindows?: ShiftWindows | undefined; agentTimeZone?: string | undefined; customerTimeZone?: string | null | undefined },
): CountdownText {
  const state = slaStateAt(sla, now);
  const metric = sla.metric ? slaMetricLabels[sla.metric] : null;
  if (sla.dueAt === null || (state !== 'breached' && state !== 'warning' && state !== 'ok')) {
    const text = state === 'paused' ? 'Paused' : sla.met ? 'Met' : '—';
    const title = state === 'paused' ? 'SLA clock paused' : sla.met ? 'Every SLA clock met' : 'No SLA clock running';
    return { state, text, businessMsLeft: null, shift: null, shiftLabel: null, dueMoments: null, title };
  }
  const left = businessTimeLeft(sla.dueAt, now, opts.calendar);
  const shift = state !== 'breached' && opts.shiftWindows ? breachShift(opts.shiftWindows, sla.dueAt) : null;
  const text =
    state === 'breached' ? `Breached · ${formatDuration(-left)} over` : state === 'warning' ? `Warning · ${formatDuration(left)} left` : `${formatDuration(left)} left`;
  const moments: string[] = [];
  if (opts.agentTimeZone) moments.push(`${formatDueMoment(sla.dueAt, opts.agentTimeZone)} (yours)`);
  if (opts.customerTimeZone) moments.push(`${formatDueMoment(sla.dueAt, opts.customerTimeZone)} (customer)`);
  const dueMoments = moments.length > 0 ? `Due ${moments.join(' · ')}` : null;
  const title = [
    `${metric ?? 'SLA'}: ${slaStateLabels[state].toLowerCase()}, ${formatDuration(Math.abs(left))} of business time ${left >= 0 ? 'left' : 'over'}`,
    shift ? `breaches ${breachShiftLabels[shift]}` : null,
    dueMoments,
  ]
    .filter(Boolean)
    .join(' — ');
  return { state, text, businessMsLeft: left, shift, shiftLabel: shift ? breachShiftLabels[shift] : null, dueMoments, title };
}
