/**
 * The lead board's breach forecast: how many open clocks fall due in the next hour, the next four hours and
 * before the end of the lead's day (cumulative, as leads read them: "4 h" includes the next hour). Overdue
 * clocks are counted apart. Input rows carry an absolute `dueAt` computed once per data change. `endOfToday` is
 * the next local midnight, exclusive: a clock due exactly then is due tomorrow, not today.
 */
export interface BreachForecast {
  overdue: number;
  nextHour: number;
  next4Hours: number;
  today: number;
}

const HOUR_MS = 3_600_000;

export function breachForecast(rows: Iterable<{ readonly dueAt: number | null }>, now: number, endOfToday: number): BreachForecast {
  const forecast: BreachForecast = { overdue: 0, nextHour: 0, next4Hours: 0, today: 0 };
  for (const { dueAt } of rows) {
    if (dueAt === null) continue;
    if (dueAt <= now) {
      forecast.overdue += 1;
      continue;
    }
    if (dueAt <= now + HOUR_MS) forecast.nextHour += 1;
    if (dueAt <= now + 4 * HOUR_MS) forecast.next4Hours += 1;
    if (dueAt < endOfToday) forecast.today += 1;
  }
  return forecast;
}

/**
 * Rows (sorted by due instant, nulls last) whose clock breaches within `windowMs` from now and has not yet:
 * the candidates for a desktop notification. Stops at the first row beyond the window.
 */
export function imminentBreaches<R extends { readonly dueAt: number | null }>(sortedRows: readonly R[], now: number, windowMs: number): R[] {
  const out: R[] = [];
  for (const row of sortedRows) {
    if (row.dueAt === null || row.dueAt > now + windowMs) break;
    if (row.dueAt > now) out.push(row);
  }
  return out;
}
