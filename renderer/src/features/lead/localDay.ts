import { Temporal } from 'temporal-polyfill';

/**
 * The lead's "today" as real local midnights in their time zone: 23 or 25 hours long on DST days, and starting
 * at the first instant that exists when a zone skips midnight itself (Temporal's startOfDay).
 */
export interface LocalDay {
  /** The first instant of today, local time. */
  start: number;
  /** The first instant of tomorrow: the end of today, exclusive. */
  end: number;
}

function zonedNow(now: number, timeZone: string): Temporal.ZonedDateTime {
  try {
    return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone);
  } catch {
    // An unknown zone name in an agent's profile must not take the lead board down: count in UTC.
    return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO('UTC');
  }
}

export function localDayAt(now: number, timeZone: string): LocalDay {
  const today = zonedNow(now, timeZone);
  const start = today.startOfDay();
  const end = today.toPlainDate().add({ days: 1 }).toZonedDateTime({ timeZone: today.timeZoneId });
  return { start: start.epochMilliseconds, end: end.epochMilliseconds };
}

/** The first instant of the next local day in `timeZone` (the end of "today" for the lead). */
export function endOfLocalDay(now: number, timeZone: string): number {
  return localDayAt(now, timeZone).end;
}

/**
 * The starts of the last `count` local days, oldest first, today's last: real midnights, so that "30 days" back
 * across a DST change is not an hour off (a multiple of 24 h is not a number of local days).
 */
export function localDayStarts(now: number, timeZone: string, count: number): number[] {
  const zoned = zonedNow(now, timeZone);
  const today = zoned.toPlainDate();
  const starts: number[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    // A PlainDate without a time becomes the start of that day (the first instant that exists).
    starts.push(today.subtract({ days: back }).toZonedDateTime({ timeZone: zoned.timeZoneId }).epochMilliseconds);
  }
  return starts;
}
