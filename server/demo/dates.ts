/** Small date helpers for the demo generator (UTC calendar dates; local-time work goes through shared/sla). */
import { dateFromEpochDay, epochDayFromDate } from '../../shared/sla/calendar';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" of the UTC day containing `epochMs`. */
export function isoDate(epochMs: number): string {
  const { year, month, day } = dateFromEpochDay(Math.floor(epochMs / DAY_MS));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Adds calendar months to a "YYYY-MM-DD" date, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const daysInMonth = (m === 12 ? epochDayFromDate(y + 1, 1, 1) : epochDayFromDate(y, m + 1, 1)) - epochDayFromDate(y, m, 1);
  const d = Math.min(day, daysInMonth);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function epochMsOfDate(date: string): number {
  return epochDayFromDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))) * DAY_MS;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetByZoneDay = new Map<string, number>();

/**
 * Like {@link utcOffsetMinutes}, but taken at noon UTC of the day containing `epochMs` and cached: off by an
 * hour at most on the two DST-change days, which is fine for placing demo tickets in business hours.
 */
export function dailyUtcOffsetMinutes(timeZone: string, epochMs: number): number {
  const day = Math.floor(epochMs / DAY_MS);
  const key = `${timeZone}|${day}`;
  let offset = offsetByZoneDay.get(key);
  if (offset === undefined) {
    offset = utcOffsetMinutes(timeZone, day * DAY_MS + 12 * HOUR_MS);
    offsetByZoneDay.set(key, offset);
  }
  return offset;
}

/**
 * UTC offset of `timeZone` at `epochMs`, in minutes (e.g. +60 for Berlin in winter). Used only to place
 * ticket creation times in the customer's business hours, so a cached per-zone formatter is enough.
 */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(epochMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = epochDayFromDate(parts.year!, parts.month!, parts.day!) * DAY_MS + parts.hour! * HOUR_MS + parts.minute! * MINUTE_MS;
  return Math.round((local - Math.floor(epochMs / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/** Monday = 0 … Sunday = 6 of an epoch day. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}
