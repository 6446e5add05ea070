import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN_WEEKLY,
  addWorkingTime,
  isWorkingInstant,
  nextWorkingInstant,
  workingRangesOfDay,
  workingTimeBetween,
  type BusinessCalendar,
  type Weekday,
} from './calendar';

const H = 3_600_000;
const M = 60_000;

/** Epoch ms of a local wall-clock time, "compatible" like the engine (what a test author means by it). */
function local(timeZone: string, iso: string): number {
  return Temporal.PlainDateTime.from(iso).toZonedDateTime(timeZone).epochMilliseconds;
}
function utc(iso: string): number {
  return Date.parse(`${iso}Z`);
}

const weekdaysNineToFive: BusinessCalendar['weekly'] = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};

describe('addWorkingTime / workingTimeBetween: office hours', () => {
  const cal: BusinessCalendar = { timeZone: 'Europe/London', weekly: weekdaysNineToFive };
  // 2025-01-06 is a Monday (GMT, no DST in January).
  const mon9 = utc('2025-01-06T09:00');

  it('a target ending exactly at the end of the day is due then, not the next morning', () => {
    expect(addWorkingTime(cal, mon9, 8 * H)).toBe(utc('2025-01-06T17:00'));
    expect(addWorkingTime(cal, utc('2025-01-06T16:00'), H)).toBe(utc('2025-01-06T17:00'));
    expect(addWorkingTime(cal, utc('2025-01-06T16:00'), H + 1)).toBe(utc('2025-01-07T09:00') + 1);
  });

  it('starts counting at the next opening when started outside working time', () => {
    expect(addWorkingTime(cal, utc('2025-01-06T06:30'), 30 * M)).toBe(utc('2025-01-06T09:30'));
    expect(addWorkingTime(cal, utc('2025-01-06T17:00'), 30 * M)).toBe(utc('2025-01-07T09:30'));
    expect(addWorkingTime(cal, utc('2025-01-11T12:00'), 30 * M)).toBe(utc('2025-01-13T09:30')); // Saturday
  });

  it('skips the weekend and whole weeks', () => {
    expect(addWorkingTime(cal, utc('2025-01-10T16:00'), 2 * H)).toBe(utc('2025-01-13T10:00'));
    // 3 weeks and 1 hour of working time from Monday 09:00.
    expect(addWorkingTime(cal, mon9, 3 * 40 * H + H)).toBe(utc('2025-01-27T10:00'));
    expect(workingTimeBetween(cal, mon9, utc('2025-01-27T10:00'))).toBe(121 * H);
  });

  it('zero and negative durations return the start; an empty span is 0', () => {
    expect(addWorkingTime(cal, utc('2025-01-11T12:00'), 0)).toBe(utc('2025-01-11T12:00'));
    expect(addWorkingTime(cal, mon9, -5)).toBe(mon9);
    expect(workingTimeBetween(cal, mon9 + H, mon9)).toBe(0);
    expect(workingTimeBetween(cal, mon9, mon9)).toBe(0);
  });

  it('the end of an interval is exclusive', () => {
    expect(isWorkingInstant(cal, utc('2025-01-06T09:00'))).toBe(true);
    expect(isWorkingInstant(cal, utc('2025-01-06T17:00') - 1)).toBe(true);
    expect(isWorkingInstant(cal, utc('2025-01-06T17:00'))).toBe(false);
    expect(nextWorkingInstant(cal, utc('2025-01-06T17:00'))).toBe(utc('2025-01-07T09:00'));
    expect(nextWorkingInstant(cal, utc('2025-01-06T10:00'))).toBe(utc('2025-01-06T10:00'));
  });

  it('refuses NaN instead of looping or answering nonsense', () => {
    expect(() => addWorkingTime(cal, Number.NaN, H)).toThrow(RangeError);
    expect(() => workingTimeBetween(cal, 0, Number.NaN)).toThrow(RangeError);
  });

  it('refuses malformed calendars loudly', () => {
    expect(() => addWorkingTime({ timeZone: 'Mars/Olympus', weekly: weekdaysNineToFive }, mon9, H)).toThrow(RangeError);
    expect(() => addWorkingTime({ timeZone: 'UTC', weekly: { mon: [['9:00', '17:00']] } }, mon9, H)).toThrow(/HH:MM/);
    expect(() => addWorkingTime({ timeZone: 'UTC', weekly: { mon: [['17:00', '09:00']] } }, mon9, H)).toThrow(/before/);
    expect(() => addWorkingTime({ timeZone: 'UTC', weekly: { mon: [['09:00', '24:30']] } }, mon9, H)).toThrow(RangeError);
    expect(() => addWorkingTime({ timeZone: 'UTC', weekly: weekdaysNineToFive, holidays: ['2025-02-30'] }, mon9, H)).toThrow(
      /no such date/,
    );
  });
});

describe('split shifts, "24:00" and overnight coverage', () => {
  it('jumps the lunch break', () => {
    const cal: BusinessCalendar = { timeZone: 'UTC', weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']] } };
    expect(addWorkingTime(cal, utc('2025-01-06T11:30'), H)).toBe(utc('2025-01-06T13:30'));
    expect(addWorkingTime(cal, utc('2025-01-06T09:00'), 3 * H)).toBe(utc('2025-01-06T12:00'));
    expect(workingTimeBetween(cal, utc('2025-01-06T08:00'), utc('2025-01-06T20:00'))).toBe(7 * H);
    expect(workingTimeBetween(cal, utc('2025-01-06T12:10'), utc('2025-01-06T12:50'))).toBe(0);
    // The next Monday is the next working day.
    expect(addWorkingTime(cal, utc('2025-01-06T16:00'), 2 * H)).toBe(utc('2025-01-13T10:00'));
  });

  it('runs through midnight with "24:00" and "00:00"', () => {
    const cal: BusinessCalendar = { timeZone: 'UTC', weekly: { sat: [['20:00', '24:00']], sun: [['00:00', '02:00']] } };
    expect(addWorkingTime(cal, utc('2025-01-11T23:00'), 2 * H)).toBe(utc('2025-01-12T01:00'));
    expect(workingTimeBetween(cal, utc('2025-01-11T00:00'), utc('2025-01-13T00:00'))).toBe(6 * H);
    expect(addWorkingTime(cal, utc('2025-01-11T20:00'), 4 * H)).toBe(utc('2025-01-12T00:00'));
  });

  it('merges touching and overlapping intervals', () => {
    const cal: BusinessCalendar = { timeZone: 'UTC', weekly: { mon: [['13:00', '17:00'], ['09:00', '13:00'], ['10:00', '11:00']] } };
    expect(workingTimeBetween(cal, utc('2025-01-06T00:00'), utc('2025-01-07T00:00'))).toBe(8 * H);
    expect(workingRangesOfDay(cal, utc('2025-01-06T10:00'))).toEqual([[utc('2025-01-06T09:00'), utc('2025-01-06T17:00')]]);
  });
});

describe('holidays', () => {
  const cal: BusinessCalendar = {
    timeZone: 'America/New_York',
    weekly: weekdaysNineToFive,
    holidays: ['2025-01-06', '2025-01-10'], // the Monday and the Friday of one week
  };
  const tz = cal.timeZone;

  it('removes a holiday at the start and at the end of a span', () => {
    expect(workingTimeBetween(cal, local(tz, '2025-01-06T10:00'), local(tz, '2025-01-10T12:00'))).toBe(24 * H);
    expect(workingTimeBetween(cal, local(tz, '2025-01-03T16:00'), local(tz, '2025-01-13T10:00'))).toBe(H + 24 * H + H);
  });

  it('starting on a holiday counts from the next working day; ending before one jumps the weekend too', () => {
    expect(addWorkingTime(cal, local(tz, '2025-01-06T10:00'), H)).toBe(local(tz, '2025-01-07T10:00'));
    expect(addWorkingTime(cal, local(tz, '2025-01-09T16:00'), 2 * H)).toBe(local(tz, '2025-01-13T10:00'));
    expect(isWorkingInstant(cal, local(tz, '2025-01-10T10:00'))).toBe(false);
    expect(nextWorkingInstant(cal, local(tz, '2025-01-09T17:00'))).toBe(local(tz, '2025-01-13T09:00'));
  });

  it('a calendar whose only working day is a holiday-heavy weekday still terminates', () => {
    const mondaysOnly: BusinessCalendar = { timeZone: 'UTC', weekly: { mon: [['09:00', '10:00']] }, holidays: ['2025-01-06', '2025-01-13', '2025-01-20'] };
    expect(addWorkingTime(mondaysOnly, utc('2025-01-01T00:00'), H)).toBe(utc('2025-01-27T10:00'));
  });
});

describe('calendars without working time and 24/7', () => {
  it('an empty weekly map never reaches a target: addWorkingTime returns Infinity', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', weekly: {} };
    expect(addWorkingTime(never, utc('2025-01-06T09:00'), 1)).toBe(Infinity);
    expect(addWorkingTime(never, utc('2025-01-06T09:00'), 0)).toBe(utc('2025-01-06T09:00'));
    expect(workingTimeBetween(never, 0, utc('2030-01-01T00:00'))).toBe(0);
    expect(nextWorkingInstant(never, 0)).toBe(Infinity);
    const emptyDays: BusinessCalendar = { timeZone: 'UTC', weekly: { mon: [], tue: [] } };
    expect(addWorkingTime(emptyDays, 0, H)).toBe(Infinity);
  });

  it('24/7 counts elapsed time, across DST too', () => {
    const always: BusinessCalendar = { timeZone: 'America/New_York', weekly: ALWAYS_OPEN_WEEKLY };
    const from = local('America/New_York', '2024-03-09T12:00');
    expect(addWorkingTime(always, from, 48 * H)).toBe(from + 48 * H);
    expect(workingTimeBetween(always, from, from + 1234567)).toBe(1234567);
    expect(isWorkingInstant(always, from)).toBe(true);
  });

  it('24/7 with a holiday is not 24/7', () => {
    const cal: BusinessCalendar = { timeZone: 'UTC', weekly: ALWAYS_OPEN_WEEKLY, holidays: ['2025-12-25'] };
    expect(workingTimeBetween(cal, utc('2025-12-24T00:00'), utc('2025-12-27T00:00'))).toBe(48 * H);
    expect(addWorkingTime(cal, utc('2025-12-24T23:00'), 2 * H)).toBe(utc('2025-12-26T01:00'));
  });
});

describe('DST: wall-clock bounds resolve like Temporal "compatible"', () => {
  const allWeek = (intervals: Array<[string, string]>): BusinessCalendar['weekly'] =>
    Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Weekday[]).map((d) => [d, intervals]));

  it('America/New_York: the spring-forward day has 23 hours, the fall-back day 25', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [['00:00', '24:00']] } };
    const spring = local(cal.timeZone, '2024-03-10T00:00');
    expect(workingTimeBetween(cal, spring - H, spring + 30 * H)).toBe(23 * H);
    const fall = local(cal.timeZone, '2024-11-03T00:00');
    expect(workingTimeBetween(cal, fall - H, fall + 30 * H)).toBe(25 * H);
    expect(addWorkingTime(cal, spring, 23 * H)).toBe(local(cal.timeZone, '2024-03-11T00:00'));
  });

  it('America/New_York: a bound inside the gap moves forward by the gap; an ambiguous one takes the earlier instant', () => {
    const springShift: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [['02:30', '04:00']] } };
    // 02:30 does not exist on 2024-03-10; compatible → 03:30 EDT = 07:30Z. 04:00 EDT = 08:00Z.
    expect(workingRangesOfDay(springShift, utc('2024-03-10T12:00'))).toEqual([[utc('2024-03-10T07:30'), utc('2024-03-10T08:00')]]);
    const earlyShift: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [['01:00', '03:00']] } };
    // 01:00 EST = 06:00Z; 03:00 EDT = 07:00Z: one hour of work.
    expect(workingTimeBetween(earlyShift, utc('2024-03-10T00:00'), utc('2024-03-11T00:00'))).toBe(H);
    const fallShift: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [['01:30', '02:00']] } };
    // 01:30 happens twice on 2024-11-03: the earlier (EDT, 05:30Z) counts; 02:00 EST = 07:00Z.
    expect(workingRangesOfDay(fallShift, utc('2024-11-03T12:00'))).toEqual([[utc('2024-11-03T05:30'), utc('2024-11-03T07:00')]]);
    // Bounds that resolve out of order inside the gap give no working time instead of negative time.
    const inverted: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [['02:30', '03:00']] } };
    expect(workingTimeBetween(inverted, utc('2024-03-10T00:00'), utc('2024-03-11T00:00'))).toBe(0);
    // A week emptied by DST is not mistaken for a calendar without working time.
    expect(addWorkingTime(inverted, local('America/New_York', '2024-03-04T00:00'), 10 * M)).toBe(local('America/New_York', '2024-03-17T02:40'));
    expect(nextWorkingInstant(inverted, local('America/New_York', '2024-03-04T00:00'))).toBe(local('America/New_York', '2024-03-17T02:30'));
  });

  it('Europe/Berlin: a night shift loses an hour in March and gains one in October', () => {
    const cal: BusinessCalendar = { timeZone: 'Europe/Berlin', weekly: { sun: [['00:00', '06:00']] } };
    expect(workingTimeBetween(cal, utc('2024-03-30T12:00'), utc('2024-03-31T12:00'))).toBe(5 * H);
    expect(workingTimeBetween(cal, utc('2024-10-26T12:00'), utc('2024-10-27T12:00'))).toBe(7 * H);
    // 4 working hours from Sunday 00:00 local (23:00Z Saturday) in March end at 05:00 CEST = 03:00Z.
    expect(addWorkingTime(cal, local('Europe/Berlin', '2024-03-31T00:00'), 4 * H)).toBe(utc('2024-03-31T03:00'));
    // Office hours the week after the change start at 09:00 CEST = 07:00Z.
    const office: BusinessCalendar = { timeZone: 'Europe/Berlin', weekly: weekdaysNineToFive };
    expect(addWorkingTime(office, utc('2024-03-29T15:00'), 2 * H)).toBe(utc('2024-04-01T08:00'));
  });

  it('Australia/Lord_Howe: the 30-minute shift', () => {
    const cal: BusinessCalendar = { timeZone: 'Australia/Lord_Howe', weekly: allWeek([['00:00', '24:00']]) };
    // 24/7 is elapsed time, whatever the zone.
    expect(workingTimeBetween(cal, 0, 10 * H)).toBe(10 * H);
    const sundays: BusinessCalendar = { timeZone: 'Australia/Lord_Howe', weekly: { sun: [['00:00', '24:00']] } };
    // 2024-04-07: 02:00 (+11) → 01:30 (+10:30): 24.5 h. 2024-10-06: 02:00 → 02:30: 23.5 h.
    expect(workingTimeBetween(sundays, utc('2024-04-05T00:00'), utc('2024-04-09T00:00'))).toBe(24.5 * H);
    expect(workingTimeBetween(sundays, utc('2024-10-04T00:00'), utc('2024-10-08T00:00'))).toBe(23.5 * H);
    const twoToThree: BusinessCalendar = { timeZone: 'Australia/Lord_Howe', weekly: { sun: [['02:00', '03:00']] } };
    // In the October gap 02:00 → 02:30 (+11): half an hour; in April 02:00 is after the repeat: one hour.
    expect(workingTimeBetween(twoToThree, utc('2024-10-04T00:00'), utc('2024-10-08T00:00'))).toBe(30 * M);
    expect(workingTimeBetween(twoToThree, utc('2024-04-05T00:00'), utc('2024-04-09T00:00'))).toBe(H);
    const ambiguous: BusinessCalendar = { timeZone: 'Australia/Lord_Howe', weekly: { sun: [['01:30', '02:00']] } };
    // 01:30 occurs twice on 2024-04-07: the earlier (+11) wins, so the interval is an hour long.
    expect(workingTimeBetween(ambiguous, utc('2024-04-05T00:00'), utc('2024-04-09T00:00'))).toBe(H);
  });

  it('Asia/Kolkata: a half-hour offset without DST', () => {
    const cal: BusinessCalendar = { timeZone: 'Asia/Kolkata', weekly: weekdaysNineToFive };
    // Monday 2025-01-06 09:00 IST = 03:30Z.
    expect(nextWorkingInstant(cal, utc('2025-01-06T00:00'))).toBe(utc('2025-01-06T03:30'));
    expect(addWorkingTime(cal, utc('2025-01-06T00:00'), 8 * H)).toBe(utc('2025-01-06T11:30'));
    expect(addWorkingTime(cal, utc('2025-01-06T00:00'), 8 * H + 1)).toBe(utc('2025-01-07T03:30') + 1);
    // Saturday in UTC terms starts before Friday's local end of day.
    expect(workingTimeBetween(cal, utc('2025-01-10T00:00'), utc('2025-01-13T00:00'))).toBe(8 * H);
  });

  it('Pacific/Apia skipped 2011-12-30 entirely: that date has no working time and nothing is counted twice', () => {
    const cal: BusinessCalendar = { timeZone: 'Pacific/Apia', weekly: allWeek([['09:00', '17:00']]) };
    const from = local(cal.timeZone, '2011-12-29T00:00');
    const to = local(cal.timeZone, '2012-01-01T00:00');
    expect(workingTimeBetween(cal, from, to)).toBe(16 * H); // the 29th and the 31st
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random calendars
// ---------------------------------------------------------------------------------------------

const zones = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kathmandu',
];
const weekdayNames: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Up to three intervals a day, bounds on a `step`-minute grid (sorted distinct points paired up). */
const dayArb = (step: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 1440 / step }), { maxLength: 6 })
    .map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const intervals: Array<[string, string]> = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([hhmm(sorted[i]! * step), hhmm(sorted[i + 1]! * step)]);
      return intervals;
    });

const FROM_MIN = Date.UTC(2016, 0, 1);
const FROM_MAX = Date.UTC(2030, 0, 1);

function calendarArb(zoneList: readonly string[], step: number): fc.Arbitrary<BusinessCalendar> {
  return fc
    .record({
      timeZone: fc.constantFrom(...zoneList),
      days: fc.array(dayArb(step), { minLength: 7, maxLength: 7 }),
      holidays: fc.uniqueArray(fc.integer({ min: FROM_MIN / 86_400_000, max: FROM_MAX / 86_400_000 + 60 }), { maxLength: 40 }),
    })
    .map(({ timeZone, days, holidays }) => ({
      timeZone,
      weekly: Object.fromEntries(weekdayNames.map((d, i) => [d, days[i]!])),
      holidays: holidays.map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10)),
    }));
}

const instantArb = fc.integer({ min: FROM_MIN, max: FROM_MAX });
const durationArb = fc.integer({ min: 0, max: 120 * 24 * H });

describe('properties of addWorkingTime and workingTimeBetween', () => {
  const calendars = calendarArb(zones, 15);

  it('workingTimeBetween(from, addWorkingTime(from, d)) === d, and nothing earlier reaches d', () => {
    fc.assert(
      fc.property(calendars, instantArb, durationArb, (cal, from, d) => {
        const due = addWorkingTime(cal, from, d);
        if (due === Infinity) return workingTimeBetween(cal, from, from + 400 * 86_400_000) < d;
        expect(due).toBeGreaterThanOrEqual(from);
        expect(workingTimeBetween(cal, from, due)).toBe(d);
        if (d > 0) expect(workingTimeBetween(cal, from, due - 1)).toBeLessThan(d);
        return true;
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('adding in two steps equals adding once', () => {
    fc.assert(
      fc.property(calendars, instantArb, durationArb, durationArb, (cal, from, a, b) => {
        const once = addWorkingTime(cal, from, a + b);
        const first = addWorkingTime(cal, from, a);
        const twice = first === Infinity ? Infinity : addWorkingTime(cal, first, b);
        expect(twice).toBe(once);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('is monotonic in the duration', () => {
    fc.assert(
      fc.property(calendars, instantArb, durationArb, durationArb, (cal, from, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(addWorkingTime(cal, from, small)).toBeLessThanOrEqual(addWorkingTime(cal, from, large));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('workingTimeBetween is additive over split points and never exceeds elapsed time', () => {
    const span = fc.integer({ min: 0, max: 500 * 86_400_000 });
    fc.assert(
      fc.property(calendars, instantArb, span, span, (cal, start, x, y) => {
        const [a, b, c] = [start, start + Math.min(x, y), start + Math.max(x, y)];
        const whole = workingTimeBetween(cal, a, c);
        expect(workingTimeBetween(cal, a, b) + workingTimeBetween(cal, b, c)).toBe(whole);
        expect(whole).toBeLessThanOrEqual(c - a);
        expect(whole).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/**
 * An independent oracle: an instant is working when its local wall time (Intl) falls in an interval of its
 * local weekday and its local date is no holiday. With interval bounds on whole hours, no bound falls strictly
 * inside a DST gap or repeat of these zones, so "compatible" resolution and the naive reading agree.
 */
describe('agrees with a naive wall-clock oracle', () => {
  const oracleZones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo'];
  const formatters = new Map<string, Intl.DateTimeFormat>();
  function wallClock(timeZone: string, instant: number): { date: string; weekday: Weekday; minutes: number } {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
      formatters.set(timeZone, formatter);
    }
    const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }
  function naiveWorking(cal: BusinessCalendar, instant: number): boolean {
    const { date, weekday, minutes } = wallClock(cal.timeZone, instant);
    if (cal.holidays?.includes(date)) return false;
    return (cal.weekly[weekday] ?? []).some(([s, e]) => {
      const [sh, sm] = s.split(':').map(Number) as [number, number];
      const [eh, em] = e.split(':').map(Number) as [number, number];
      return minutes >= sh * 60 + sm && minutes < eh * 60 + em;
    });
  }

  it('over random spans around DST changes', () => {
    const STEP = 30 * M; // every zone here shifts and offsets by multiples of 30 minutes
    // Spans start near known DST changes (and anywhere) and last up to ~5 days.
    const anchors = [
      utc('2024-03-10T00:00'),
      utc('2024-11-03T00:00'),
      utc('2024-03-31T00:00'),
      utc('2024-10-27T00:00'),
      utc('2024-04-06T12:00'),
      utc('2024-10-05T12:00'),
      utc('2018-11-03T12:00'),
      utc('2019-02-16T12:00'),
      utc('2025-06-18T00:00'),
    ];
    const spanArb = fc.record({
      cal: calendarArb(oracleZones, 60),
      anchor: fc.constantFrom(...anchors),
      offset: fc.integer({ min: -96, max: 96 }),
      length: fc.integer({ min: 0, max: 240 }),
    });
    fc.assert(
      fc.property(spanArb, ({ cal, anchor, offset, length }) => {
        // Make sure some holidays fall inside the span, where the oracle can see them.
        const near = new Date(anchor).toISOString().slice(0, 10);
        const withHoliday = { ...cal, holidays: [...(cal.holidays ?? []), near] };
        const from = anchor + offset * STEP;
        const to = from + length * STEP;
        let expected = 0;
        for (let t = from; t < to; t += STEP) if (naiveWorking(withHoliday, t)) expected += STEP;
        expect(workingTimeBetween(withHoliday, from, to)).toBe(expected);
        for (let t = from; t < to; t += 7 * STEP) expect(isWorkingInstant(withHoliday, t)).toBe(naiveWorking(withHoliday, t));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

/** Reference: every bound resolved by Temporal itself, day by day — checks the engine's offset shortcut. */
describe('agrees with Temporal resolving every bound', () => {
  function referenceRanges(cal: BusinessCalendar, date: Temporal.PlainDate): Array<[number, number]> {
    const at = (d: Temporal.PlainDate, time: string) =>
      d.toZonedDateTime({ timeZone: cal.timeZone, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;
    const start = at(date, '00:00');
    const end = at(date.add({ days: 1 }), '00:00');
    if (cal.holidays?.includes(date.toString())) return [];
    const ranges: Array<[number, number]> = [];
    for (const [s, e] of cal.weekly[weekdayNames[date.dayOfWeek - 1]!] ?? []) {
      const rs = Math.max(start, at(date, s));
      const re = Math.min(end, e === '24:00' ? end : at(date, e));
      if (rs < re) ranges.push([rs, re]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const r of ranges) {
      const last = merged.at(-1);
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([...r]);
    }
    return merged;
  }

  it('for 90 consecutive days from random dates, in zones with odd shifts', () => {
    fc.assert(
      fc.property(calendarArb(zones, 15), fc.integer({ min: 16_800, max: 21_900 }), (cal, startDay) => {
        let date = Temporal.PlainDate.from(new Date(startDay * 86_400_000).toISOString().slice(0, 10));
        const fresh = { ...cal }; // a new object: cold caches, filled in order as in real use
        for (let i = 0; i < 90; i += 1, date = date.add({ days: 1 })) {
          const start = date.toZonedDateTime({ timeZone: cal.timeZone }).epochMilliseconds;
          const end = date.add({ days: 1 }).toZonedDateTime({ timeZone: cal.timeZone }).epochMilliseconds;
          if (end <= start) continue;
          expect(workingRangesOfDay(fresh, start)).toEqual(referenceRanges(fresh, date));
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
