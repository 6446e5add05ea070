import { severities, slaMetrics, type Severity, type SlaEvent, type SlaMetric } from '../../../../shared/domain';

/**
 * SLA attainment from stored SLA events: a clock (one cycle of one metric of one ticket) counts as missed when
 * it breached inside the window, and as met when it was fulfilled inside the window without a breach. Each
 * clock counts once. Severity is the ticket's current severity (the one reports are read by).
 */
export interface AttainmentCell {
  met: number;
  missed: number;
}

export type AttainmentTable = Record<SlaMetric, Record<Severity, AttainmentCell>>;

export interface AttainmentWindows {
  today: AttainmentTable;
  days7: AttainmentTable;
  days30: AttainmentTable;
  /** Per metric, 30 daily cells (oldest first) for the small charts. */
  daily: Record<SlaMetric, AttainmentCell[]>;
}

/** Local days the board reports on (the daily series, the 30-day window). */
export const ATTAINMENT_DAYS = 30;

export function emptyAttainmentTable(): AttainmentTable {
  const table = {} as AttainmentTable;
  for (const metric of slaMetrics) {
    table[metric] = {} as Record<Severity, AttainmentCell>;
    for (const severity of severities) table[metric][severity] = { met: 0, missed: 0 };
  }
  return table;
}

/** "ticket/metric/cycle" from an engine event id ("ticket/metric/cycle/kind/at"); ticket+metric otherwise. */
export function clockKeyOf(event: Readonly<Pick<SlaEvent, 'id' | 'ticketId' | 'metric'>>): string {
  const parts = event.id.split('/');
  return parts.length >= 5 ? parts.slice(0, 3).join('/') : `${event.ticketId}/${event.metric}`;
}

/** Met / missed share in percent; null when nothing was decided. */
export function attainmentPercent(cell: AttainmentCell): number | null {
  const total = cell.met + cell.missed;
  return total === 0 ? null : (cell.met / total) * 100;
}

export function sumCells(cells: Iterable<AttainmentCell>): AttainmentCell {
  const sum = { met: 0, missed: 0 };
  for (const c of cells) {
    sum.met += c.met;
    sum.missed += c.missed;
  }
  return sum;
}

/**
 * Aggregates events into today / 7 days / 30 days tables and a daily series. `dayStarts` are the lead's last 30
 * local midnights, oldest first, today's last (localDayStarts): the windows end now and start at the midnight of
 * 1, 7 or 30 days, and each daily cell is one local day — 23 or 25 hours long across DST.
 */
export function slaAttainment(
  events: Iterable<Readonly<SlaEvent>>,
  severityOf: (ticketId: string) => Severity | undefined,
  now: number,
  dayStarts: readonly number[],
): AttainmentWindows {
  if (dayStarts.length !== ATTAINMENT_DAYS) throw new RangeError(`expected ${ATTAINMENT_DAYS} day starts, got ${dayStarts.length}`);
  const start30 = dayStarts[0]!;
  const start7 = dayStarts[ATTAINMENT_DAYS - 7]!;
  const startOfToday = dayStarts[ATTAINMENT_DAYS - 1]!;
  // Per clock: the decisive instant and whether it was a breach.
  const outcome = new Map<string, { at: number; missed: boolean; metric: SlaMetric; ticketId: string }>();
  for (const event of events) {
    if (event.kind !== 'breach' && event.kind !== 'fulfil') continue;
    // A breach before the window still decides its clock (a late fulfilment inside the window is not "met").
    if (event.at > now || (event.kind === 'fulfil' && event.at < start30)) continue;
    const key = clockKeyOf(event);
    const seen = outcome.get(key);
    if (event.kind === 'breach') {
      if (!seen || !seen.missed || event.at < seen.at) outcome.set(key, { at: event.at, missed: true, metric: event.metric, ticketId: event.ticketId });
    } else if (!seen) outcome.set(key, { at: event.at, missed: false, metric: event.metric, ticketId: event.ticketId });
  }
  const result: AttainmentWindows = {
    today: emptyAttainmentTable(),
    days7: emptyAttainmentTable(),
    days30: emptyAttainmentTable(),
    daily: Object.fromEntries(slaMetrics.map((m) => [m, Array.from({ length: ATTAINMENT_DAYS }, () => ({ met: 0, missed: 0 }))])) as Record<
      SlaMetric,
      AttainmentCell[]
    >,
  };
  for (const o of outcome.values()) {
    if (o.at < start30) continue;
    const severity = severityOf(o.ticketId);
    if (severity === undefined) continue;
    const field = o.missed ? 'missed' : 'met';
    result.days30[o.metric][severity][field] += 1;
    if (o.at >= start7) result.days7[o.metric][severity][field] += 1;
    if (o.at >= startOfToday) result.today[o.metric][severity][field] += 1;
    let day = ATTAINMENT_DAYS - 1;
    while (o.at < dayStarts[day]!) day -= 1;
    result.daily[o.metric][day]![field] += 1;
  }
  return result;
}
