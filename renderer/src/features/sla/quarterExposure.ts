import { Temporal } from 'temporal-polyfill';
import type { SlaRemedy } from '../../../../shared/domain';
import { serviceCreditExposure } from '../../../../shared/sla';

/**
 * Service-credit exposure of an account for the current calendar quarter (in the account's time zone). The
 * contract's remedy is per month (a % of the monthly fee per breach, capped per month), so the quarter is the
 * sum of its months, each capped on its own.
 */
export interface ExposureMonth {
  label: string;
  start: number;
  end: number;
  breaches: number;
  creditPercent: number;
  creditAmount: number;
  capped: boolean;
}

export interface QuarterExposure {
  label: string;
  start: number;
  end: number;
  months: ExposureMonth[];
  breaches: number;
  creditAmount: number;
}

/** The calendar quarter containing `now` in `timeZone`, as three month ranges [start, end). */
export function quarterMonths(now: number, timeZone: string): { label: string; start: number; end: number; months: Array<{ label: string; start: number; end: number }> } {
  const local = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone);
  const firstMonth = Math.floor((local.month - 1) / 3) * 3 + 1;
  const monthStart = (offset: number) =>
    Temporal.PlainDate.from({ year: local.year, month: firstMonth, day: 1 }).add({ months: offset }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const names = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
  const months = [0, 1, 2].map((i) => ({
    label: names.format(Date.UTC(local.year, firstMonth - 1 + i, 1)),
    start: monthStart(i),
    end: monthStart(i + 1),
  }));
  return { label: `Q${(firstMonth - 1) / 3 + 1} ${local.year}`, start: months[0]!.start, end: months[2]!.end, months };
}

export function quarterExposure(breachInstants: readonly number[], now: number, timeZone: string, monthlyValueMinor: number, remedy: SlaRemedy): QuarterExposure {
  const quarter = quarterMonths(now, timeZone);
  const months = quarter.months.map((m) => {
    const breaches = breachInstants.filter((at) => at >= m.start && at < m.end && at <= now).length;
    return { ...m, ...serviceCreditExposure(breaches, monthlyValueMinor, remedy) };
  });
  return {
    label: quarter.label,
    start: quarter.start,
    end: quarter.end,
    months,
    breaches: months.reduce((n, m) => n + m.breaches, 0),
    creditAmount: months.reduce((n, m) => n + m.creditAmount, 0),
  };
}
