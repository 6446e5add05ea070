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

export function localDayAt(now: number, timeZone: string): LocalDay {
  let today: Temporal.ZonedDateTime;
  try {
    today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone);
  } catch {
    // An unknown zone name in an agent's profile must not take the lead board down: count in UTC.
    today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO('UTC');
  }
  const start = today.startOfDay();
  const end = today.toPlainDate().add({ days: 1 }).toZonedDateTime({ timeZone: today.timeZoneId });
  return { start: start.epochMilliseconds, end: end.epochMilliseconds };
}

/** The first instant of the next local day in `timeZone` (the end of "today" for the lead). */
export function endOfLocalDay(now: number, timeZone: string): number {
  return localDayAt(now, timeZone).end;
}
