/**
 * Business calendars of the demo support organisation: four regional hubs plus 24/7, each with the public
 * holidays of its country for the years the demo data spans.
 */
import type { BusinessCalendar } from '../../shared/domain/sla';
import { dateFromEpochDay, epochDayFromDate } from '../../shared/sla/calendar';

export type SupportHub = 'new_york' | 'berlin' | 'bengaluru' | 'sydney';
export const supportHubs: readonly SupportHub[] = ['new_york', 'berlin', 'bengaluru', 'sydney'];

/** Which hub serves a customer in `timeZone`, and the ticket tag that makes SLA policies pick the hub's calendar. */
export function hubForTimeZone(timeZone: string): SupportHub {
  if (timeZone.startsWith('Europe/') || timeZone.startsWith('Africa/')) return 'berlin';
  if (timeZone.startsWith('Australia/') || timeZone.startsWith('Pacific/')) return 'sydney';
  if (timeZone.startsWith('Asia/')) return 'bengaluru';
  return 'new_york';
}

export const hubRegionTag: Readonly<Record<SupportHub, string>> = {
  new_york: 'region:amer',
  berlin: 'region:emea',
  bengaluru: 'region:apac',
  sydney: 'region:anz',
};

function iso(epochDay: number): string {
  const { year, month, day } = dateFromEpochDay(epochDay);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Easter Sunday (Anonymous Gregorian algorithm) as an epoch day. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayFromDate(year, month, day);
}

/** Monday = 0 … Sunday = 6. */
function weekday(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** The n-th (1-based) given weekday of a month; n = -1 is the last one. */
function nthWeekday(year: number, month: number, wd: number, n: number): number {
  if (n > 0) {
    const first = epochDayFromDate(year, month, 1);
    return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const nextMonth = month === 12 ? epochDayFromDate(year + 1, 1, 1) : epochDayFromDate(year, month + 1, 1);
  const last = nextMonth - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** A fixed-date holiday that falls on a weekend is observed on the nearest weekday (US) or next Monday (AU). */
function observedUs(epochDay: number): number {
  const wd = weekday(epochDay);
  return wd === 5 ? epochDay - 1 : wd === 6 ? epochDay + 1 : epochDay;
}
function observedAu(epochDay: number): number {
  const wd = weekday(epochDay);
  return wd === 5 ? epochDay + 2 : wd === 6 ? epochDay + 1 : epochDay;
}

function usHolidays(y: number): number[] {
  return [
    observedUs(epochDayFromDate(y, 1, 1)),
    nthWeekday(y, 1, 0, 3), // Martin Luther King Jr. Day
    nthWeekday(y, 2, 0, 3), // Presidents' Day
    nthWeekday(y, 5, 0, -1), // Memorial Day
    observedUs(epochDayFromDate(y, 6, 19)),
    observedUs(epochDayFromDate(y, 7, 4)),
    nthWeekday(y, 9, 0, 1), // Labor Day
    nthWeekday(y, 11, 3, 4), // Thanksgiving
    nthWeekday(y, 11, 3, 4) + 1,
    observedUs(epochDayFromDate(y, 12, 25)),
  ];
}

function germanHolidays(y: number): number[] {
  const e = easter(y);
  return [
    epochDayFromDate(y, 1, 1),
    e - 2, // Karfreitag
    e + 1, // Ostermontag
    epochDayFromDate(y, 5, 1),
    e + 39, // Christi Himmelfahrt
    e + 50, // Pfingstmontag
    epochDayFromDate(y, 10, 3),
    epochDayFromDate(y, 12, 24),
    epochDayFromDate(y, 12, 25),
    epochDayFromDate(y, 12, 26),
    epochDayFromDate(y, 12, 31),
  ];
}

/** Lunar-calendar festivals move every year; these are the published dates. */
const indianMovable: Readonly<Record<number, readonly string[]>> = {
  2024: ['2024-03-25', '2024-10-31', '2024-11-01'],
  2025: ['2025-03-14', '2025-10-02', '2025-10-20', '2025-10-21'],
  2026: ['2026-03-04', '2026-10-20', '2026-11-08', '2026-11-09'],
  2027: ['2027-03-22', '2027-10-09', '2027-10-29'],
  2028: ['2028-03-11', '2028-10-17', '2028-11-05'],
};

function indianHolidays(y: number): number[] {
  const fixed = [epochDayFromDate(y, 1, 26), epochDayFromDate(y, 5, 1), epochDayFromDate(y, 8, 15), epochDayFromDate(y, 10, 2), epochDayFromDate(y, 12, 25)];
  const movable = (indianMovable[y] ?? []).map((d) => epochDayFromDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))));
  return [...fixed, ...movable];
}

function nswHolidays(y: number): number[] {
  const e = easter(y);
  return [
    observedAu(epochDayFromDate(y, 1, 1)),
    observedAu(epochDayFromDate(y, 1, 26)),
    e - 2,
    e - 1,
    e + 1,
    epochDayFromDate(y, 4, 25),
    nthWeekday(y, 6, 0, 2), // King's Birthday
    nthWeekday(y, 10, 0, 1), // Labour Day (NSW)
    observedAu(epochDayFromDate(y, 12, 25)),
    weekday(epochDayFromDate(y, 12, 26)) >= 5 ? observedAu(epochDayFromDate(y, 12, 25)) + 1 : epochDayFromDate(y, 12, 26),
  ];
}

function holidayList(years: readonly number[], forYear: (y: number) => number[]): string[] {
  const days = new Set<number>();
  for (const y of years) for (const d of forYear(y)) days.add(d);
  return [...days].sort((a, b) => a - b).map(iso);
}

export interface DemoCalendarSpec {
  readonly key: SupportHub | 'always';
  readonly calendar: Omit<BusinessCalendar, 'id' | 'version' | 'updatedAt'>;
}

const weekdaysOnly = (from: string, to: string): BusinessCalendar['weekly'] => ({
  mon: [[from, to]],
  tue: [[from, to]],
  wed: [[from, to]],
  thu: [[from, to]],
  fri: [[from, to]],
});

/** The five calendars, with holidays for every year from a year before `now` to two years after. */
export function demoCalendarSpecs(now: number): DemoCalendarSpec[] {
  const year = dateFromEpochDay(Math.floor(now / 86_400_000)).year;
  const years = [year - 1, year, year + 1, year + 2];
  return [
    { key: 'new_york', calendar: { name: 'Americas business hours (New York)', timeZone: 'America/New_York', weekly: weekdaysOnly('08:00', '18:00'), holidays: holidayList(years, usHolidays) } },
    { key: 'berlin', calendar: { name: 'EMEA business hours (Berlin)', timeZone: 'Europe/Berlin', weekly: weekdaysOnly('08:00', '18:00'), holidays: holidayList(years, germanHolidays) } },
    { key: 'bengaluru', calendar: { name: 'APAC business hours (Bengaluru)', timeZone: 'Asia/Kolkata', weekly: weekdaysOnly('09:30', '18:30'), holidays: holidayList(years, indianHolidays) } },
    { key: 'sydney', calendar: { name: 'ANZ business hours (Sydney)', timeZone: 'Australia/Sydney', weekly: weekdaysOnly('08:30', '17:30'), holidays: holidayList(years, nswHolidays) } },
    {
      key: 'always',
      calendar: {
        name: '24/7',
        timeZone: 'UTC',
        weekly: {
          mon: [['00:00', '24:00']],
          tue: [['00:00', '24:00']],
          wed: [['00:00', '24:00']],
          thu: [['00:00', '24:00']],
          fri: [['00:00', '24:00']],
          sat: [['00:00', '24:00']],
          sun: [['00:00', '24:00']],
        },
      },
    },
  ];
}
