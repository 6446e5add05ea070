/**
 * Uptime in "nines" ↔ allowed downtime: downtime = (1 − uptime) × period. Months, quarters and
 * years are Gregorian averages (365.2425 days a year), so 99.9 % allows about 43 min 50 s a month
 * and 8 h 46 min a year (DOMAIN.md).
 */

const DAY_MS = 86_400_000;
const AVERAGE_YEAR_MS = 365.2425 * DAY_MS;

export const uptimePeriods = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type UptimePeriod = (typeof uptimePeriods)[number];

export const uptimePeriodMs: Readonly<Record<UptimePeriod, number>> = {
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: AVERAGE_YEAR_MS / 12,
  quarter: AVERAGE_YEAR_MS / 4,
  year: AVERAGE_YEAR_MS,
};

function periodLength(period: UptimePeriod | number): number {
  const ms = typeof period === 'number' ? period : uptimePeriodMs[period];
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`period must be a positive duration, got ${period}`);
  return ms;
}

/** Allowed downtime (ms) in a period for an uptime commitment in percent (e.g. 99.9). */
export function allowedDowntimeMs(uptimePercent: number, period: UptimePeriod | number): number {
  if (!(uptimePercent >= 0 && uptimePercent <= 100)) throw new RangeError(`uptime must be between 0 and 100 %, got ${uptimePercent}`);
  return ((100 - uptimePercent) / 100) * periodLength(period);
}

/** The uptime (percent) that a given downtime in a period amounts to. */
export function uptimePercentFromDowntime(downtimeMs: number, period: UptimePeriod | number): number {
  const ms = periodLength(period);
  if (!(downtimeMs >= 0 && downtimeMs <= ms)) throw new RangeError(`downtime must be between 0 and the period, got ${downtimeMs} ms`);
  return (1 - downtimeMs / ms) * 100;
}

/** Allowed downtime (ms) for every standard period. */
export function downtimeBudget(uptimePercent: number): Record<UptimePeriod, number> {
  const budget = {} as Record<UptimePeriod, number>;
  for (const period of uptimePeriods) budget[period] = allowedDowntimeMs(uptimePercent, period);
  return budget;
}
