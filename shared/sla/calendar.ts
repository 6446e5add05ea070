import { Temporal } from 'temporal-polyfill';

/**
 * Business-calendar arithmetic. The exported shape is fixed by ARCHITECTURE.md ("SLA engine")
 * because other tools call it.
 *
 * Model: every local date D owns the instants [midnight(D), midnight(D+1)), where a midnight is the
 * local 00:00 resolved with Temporal's "compatible" disambiguation (gap → later, overlap → earlier).
 * Those day windows tile the time line, so the working time of a day is its weekly intervals
 * (resolved the same way, clipped to the window, merged) and nothing is ever counted twice.
 *
 * Calendars are treated as immutable values: compiled forms are cached per calendar object.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BusinessCalendar {
  /** IANA time zone name. */
  timeZone: string;
  /** Local "HH:MM" intervals, end exclusive, "24:00" allowed. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates "YYYY-MM-DD" with no working time. */
  holidays?: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Bounds the per-calendar cache; a few decades of days, far more than any ticket needs. */
const MAX_CACHED_DAYS = 40_000;
const SAFE_MARGIN_MS = 2 * DAY_MS;

interface DaySchedule {
  readonly start: number;
  readonly end: number;
  /** Flat [start0, end0, start1, end1, …] epoch-ms working ranges, sorted and disjoint. */
  readonly ranges: readonly number[];
  readonly total: number;
}

interface CompiledCalendar {
  readonly timeZone: string;
  readonly kind: 'always' | 'never' | 'scheduled';
  /** Index 0 = Monday; minutes since local midnight, merged and sorted. */
  readonly minutesByWeekday: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly holidays: ReadonlySet<number>;
  /** Day schedules by epoch day: a dense array from `firstDay` (the hot path), cleared when it grows too large. */
  days: Array<DaySchedule | undefined>;
  firstDay: number;
  readonly midnights: Map<number, number>;
  readonly weeks: Map<number, number>;
  /** Last seen UTC offset, used to guess the local date of an instant before checking it. */
  offsetGuess: number;
  /** Instants [from, until) known to share one UTC offset (until = the next transition). */
  span: OffsetSpan | null;
}

interface OffsetSpan {
  readonly from: number;
  readonly until: number;
  readonly offset: number;
}

const compiledByCalendar = new WeakMap<BusinessCalendar, CompiledCalendar>();

/** Parses "HH:MM" (00:00–24:00) into minutes; throws on anything else. */
export function parseLocalTime(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`Invalid local time "${text}": expected "HH:MM"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`Invalid local time "${text}": must lie between 00:00 and 24:00`);
  }
  return hours * 60 + minutes;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function epochDayFromDate(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link epochDayFromDate}. */
export function dateFromEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function parseLocalDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`Invalid holiday "${text}": expected "YYYY-MM-DD"`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const epochDay = epochDayFromDate(year, month, day);
  const back = dateFromEpochDay(epochDay);
  if (back.month !== month || back.day !== day) throw new RangeError(`Invalid holiday "${text}": no such date`);
  return epochDay;
}

/** Monday = 0 … Sunday = 6; 1970-01-01 was a Thursday. */
function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

function mergeMinuteIntervals(intervals: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function compile(cal: BusinessCalendar): CompiledCalendar {
  // Throws RangeError for an unknown zone, so a bad calendar fails loudly on first use.
  const timeZone = Temporal.ZonedDateTime.from({ timeZone: cal.timeZone, year: 2000, month: 1, day: 1 }).timeZoneId;
  const minutesByWeekday = WEEKDAYS.map((weekday) => {
    const intervals = (cal.weekly[weekday] ?? []).map(([from, to]): [number, number] => {
      const start = parseLocalTime(from);
      const end = parseLocalTime(to);
      if (!(start < end)) throw new RangeError(`Invalid interval ${from}–${to} on ${weekday}: start must be before end`);
      return [start, end];
    });
    return mergeMinuteIntervals(intervals);
  });
  const holidays = new Set((cal.holidays ?? []).map(parseLocalDate));
  const hasAny = minutesByWeekday.some((day) => day.length > 0);
  const allDay = minutesByWeekday.every((day) => day.length === 1 && day[0]![0] === 0 && day[0]![1] === 1440);
  const kind = !hasAny ? 'never' : allDay && holidays.size === 0 ? 'always' : 'scheduled';
  return {
    timeZone,
    kind,
    minutesByWeekday,
    holidays,
    days: [],
    firstDay: 0,
    midnights: new Map(),
    weeks: new Map(),
    offsetGuess: 0,
    span: null,
  };
}

function compiled(cal: BusinessCalendar): CompiledCalendar {
  let result = compiledByCalendar.get(cal);
  if (!result) {
    result = compile(cal);
    compiledByCalendar.set(cal, result);
  }
  return result;
}

/**
 * Local wall-clock time → epoch ms, "compatible" disambiguation (Temporal's default).
 *
 * Temporal costs microseconds per call, so between DST transitions we use the known offset. That is
 * exact when the candidate instant lies at least two days inside a span of constant offset: UTC
 * offsets differ by less than 48 h, so no other offset can map the same wall time into that span,
 * i.e. the wall time is neither skipped nor repeated. Anything closer to a transition asks Temporal.
 */
function resolveLocal(c: CompiledCalendar, epochDay: number, minuteOfDay: number): number {
  const wallMs = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
  const span = c.span;
  if (span) {
    const candidate = wallMs - span.offset;
    if (candidate >= span.from + SAFE_MARGIN_MS && candidate < span.until - SAFE_MARGIN_MS) return candidate;
  }
  const { year, month, day } = dateFromEpochDay(epochDay);
  const plain = new Temporal.PlainDateTime(year, month, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  const zoned = plain.toZonedDateTime(c.timeZone, { disambiguation: 'compatible' });
  const result = zoned.epochMilliseconds;
  const candidate = span ? wallMs - span.offset : 0;
  if (!span || candidate < span.from || candidate >= span.until - SAFE_MARGIN_MS) {
    const next = zoned.getTimeZoneTransition('next');
    c.span = { from: result, until: next ? next.epochMilliseconds : Infinity, offset: zoned.offsetNanoseconds / 1_000_000 };
  }
  return result;
}

function midnight(c: CompiledCalendar, epochDay: number): number {
  let result = c.midnights.get(epochDay);
  if (result === undefined) {
    result = resolveLocal(c, epochDay, 0);
    c.midnights.set(epochDay, result);
  }
  return result;
}

function daySchedule(c: CompiledCalendar, epochDay: number): DaySchedule {
  const cached = c.days[epochDay - c.firstDay];
  if (cached !== undefined) return cached;
  return buildDaySchedule(c, epochDay);
}

function buildDaySchedule(c: CompiledCalendar, epochDay: number): DaySchedule {
  if (c.days.length === 0) {
    // Leave room before the first day seen: lookups usually wander a little into the past.
    c.firstDay = epochDay - 400;
  }
  let index = epochDay - c.firstDay;
  if (index < 0 && c.days.length - index + 400 < MAX_CACHED_DAYS) {
    // Earlier than anything cached: make room in front.
    const room = 400 - index;
    c.days = new Array<DaySchedule | undefined>(room).fill(undefined).concat(c.days);
    c.firstDay -= room;
    index += room;
  }
  if (index < 0 || index >= MAX_CACHED_DAYS) {
    c.days = [];
    c.midnights.clear();
    c.weeks.clear();
    c.firstDay = epochDay - 400;
    index = 400;
  }
  // Fill holes so the array stays packed and fast.
  while (c.days.length < index) c.days.push(undefined);
  const start = midnight(c, epochDay);
  const end = midnight(c, epochDay + 1);
  const bounds: Array<[number, number]> = [];
  if (!c.holidays.has(epochDay)) {
    for (const [from, to] of c.minutesByWeekday[weekdayIndex(epochDay)]!) {
      const s = Math.max(start, from === 0 ? start : resolveLocal(c, epochDay, from));
      const e = Math.min(end, to === 1440 ? end : resolveLocal(c, epochDay, to));
      if (s < e) bounds.push([s, e]);
    }
  }
  // Wall-clock bounds inside a DST gap can resolve out of order; merging keeps ranges disjoint.
  const ranges: number[] = [];
  let total = 0;
  for (const [s, e] of mergeMinuteIntervals(bounds)) {
    ranges.push(s, e);
    total += e - s;
  }
  const schedule: DaySchedule = { start, end, ranges, total };
  c.days[index] = schedule;
  c.offsetGuess = epochDay * DAY_MS - start;
  return schedule;
}

/** The local date (as epoch day) whose window contains the instant. */
function epochDayOf(c: CompiledCalendar, instant: number): number {
  let epochDay = Math.floor((instant + c.offsetGuess) / DAY_MS);
  for (;;) {
    const schedule = daySchedule(c, epochDay);
    if (instant < schedule.start) epochDay -= 1;
    else if (instant >= schedule.end) epochDay += 1;
    else return epochDay;
  }
}

/** Monday-based week number; week w starts on epoch day 7w − 3. */
function weekOf(epochDay: number): number {
  return Math.floor((epochDay + 3) / 7);
}

function weekTotal(c: CompiledCalendar, week: number): number {
  let total = c.weeks.get(week);
  if (total === undefined) {
    total = 0;
    const first = week * 7 - 3;
    for (let d = first; d < first + 7; d += 1) total += daySchedule(c, d).total;
    c.weeks.set(week, total);
  }
  return total;
}

function overlap(schedule: DaySchedule, from: number, to: number): number {
  let sum = 0;
  const { ranges } = schedule;
  for (let i = 0; i < ranges.length; i += 2) {
    const s = Math.max(ranges[i]!, from);
    const e = Math.min(ranges[i + 1]!, to);
    if (e > s) sum += e - s;
  }
  return sum;
}

/** The instant inside the day at which `amount` (≤ what remains after `from`) working ms are used up. */
function consumeWithin(schedule: DaySchedule, from: number, amount: number): number | undefined {
  let left = amount;
  const { ranges } = schedule;
  for (let i = 0; i < ranges.length; i += 2) {
    const end = ranges[i + 1]!;
    if (end <= from) continue;
    const start = Math.max(ranges[i]!, from);
    const length = end - start;
    if (length >= left) return start + left;
    left -= length;
  }
  return undefined;
}

function assertInstant(name: string, value: number): void {
  if (Number.isNaN(value)) throw new RangeError(`${name} must be a number, got NaN`);
}

/** Working milliseconds in [from, to); 0 when to <= from. */
export function workingTimeBetween(cal: BusinessCalendar, from: number, to: number): number {
  assertInstant('from', from);
  assertInstant('to', to);
  if (!(to > from)) return 0;
  const c = compiled(cal);
  if (c.kind === 'always') return to - from;
  if (c.kind === 'never') return 0;
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('workingTimeBetween needs finite instants');
  const first = epochDayOf(c, from);
  const last = epochDayOf(c, to);
  if (first === last) return overlap(daySchedule(c, first), from, to);
  let sum = overlap(daySchedule(c, first), from, Infinity) + overlap(daySchedule(c, last), -Infinity, to);
  let d = first + 1;
  while (d < last && weekdayIndex(d) !== 0) sum += daySchedule(c, d++).total;
  while (d + 7 <= last) {
    sum += weekTotal(c, weekOf(d));
    d += 7;
  }
  while (d < last) sum += daySchedule(c, d++).total;
  return sum;
}

/**
 * The earliest instant t ≥ from with workingTimeBetween(from, t) ≥ durationMs, so a target that
 * ends exactly at the end of a shift is due at that end. Returns `from` for durations ≤ 0 and
 * `Infinity` when the calendar has no working time at all (or the duration is infinite).
 */
export function addWorkingTime(cal: BusinessCalendar, from: number, durationMs: number): number {
  assertInstant('from', from);
  assertInstant('durationMs', durationMs);
  if (!(durationMs > 0)) return from;
  const c = compiled(cal);
  if (c.kind === 'always') return from + durationMs;
  if (c.kind === 'never' || durationMs === Infinity) return Infinity;
  if (!Number.isFinite(from)) throw new RangeError('addWorkingTime needs a finite start');

  let d = epochDayOf(c, from);
  let left = durationMs;
  const firstDay = daySchedule(c, d);
  const inFirstDay = consumeWithin(firstDay, from, left);
  if (inFirstDay !== undefined) return inFirstDay;
  left -= overlap(firstDay, from, Infinity);
  d += 1;

  while (weekdayIndex(d) !== 0) {
    const schedule = daySchedule(c, d);
    if (schedule.total >= left) return consumeWithin(schedule, schedule.start, left)!;
    left -= schedule.total;
    d += 1;
  }
  // Whole weeks at a time. A week without working time must contain a holiday (or, rarely, a DST
  // change swallowing a short shift), so more empty weeks in a row than holidays plus two means
  // there is no working time left at all.
  let emptyWeeks = 0;
  for (;;) {
    const total = weekTotal(c, weekOf(d));
    if (total >= left) break;
    if (total === 0) {
      emptyWeeks += 1;
      if (emptyWeeks > c.holidays.size + 2) return Infinity;
    } else emptyWeeks = 0;
    left -= total;
    d += 7;
  }
  for (;;) {
    const schedule = daySchedule(c, d);
    if (schedule.total >= left) return consumeWithin(schedule, schedule.start, left)!;
    left -= schedule.total;
    d += 1;
  }
}

/** Whether the instant lies inside working time. */
export function isWorkingInstant(cal: BusinessCalendar, instant: number): boolean {
  assertInstant('instant', instant);
  const c = compiled(cal);
  if (c.kind !== 'scheduled') return c.kind === 'always';
  const { ranges } = daySchedule(c, epochDayOf(c, instant));
  for (let i = 0; i < ranges.length; i += 2) {
    if (instant >= ranges[i]! && instant < ranges[i + 1]!) return true;
  }
  return false;
}

/** The earliest working instant ≥ `instant`; `Infinity` when there is none. */
export function nextWorkingInstant(cal: BusinessCalendar, instant: number): number {
  assertInstant('instant', instant);
  const c = compiled(cal);
  if (c.kind !== 'scheduled') return c.kind === 'always' ? instant : Infinity;
  let d = epochDayOf(c, instant);
  // Same bound as addWorkingTime: a run of empty weeks longer than the holidays plus two is forever.
  const limit = d + 7 * (c.holidays.size + 4);
  for (; d <= limit; d += 1) {
    const { ranges } = daySchedule(c, d);
    for (let i = 0; i < ranges.length; i += 2) {
      if (ranges[i + 1]! > instant) return Math.max(ranges[i]!, instant);
    }
  }
  return Infinity;
}

/** The working ranges ([start, end) epoch ms) of the local date containing `instant`, for display. */
export function workingRangesOfDay(cal: BusinessCalendar, instant: number): Array<[number, number]> {
  const c = compiled(cal);
  if (c.kind === 'never') return [];
  const schedule = daySchedule(c, epochDayOf(c, instant));
  if (c.kind === 'always') return [[schedule.start, schedule.end]];
  const result: Array<[number, number]> = [];
  for (let i = 0; i < schedule.ranges.length; i += 2) result.push([schedule.ranges[i]!, schedule.ranges[i + 1]!]);
  return result;
}

/** Every day ["00:00","24:00"], no holidays: working time is elapsed time. */
export const ALWAYS_OPEN_WEEKLY: BusinessCalendar['weekly'] = Object.fromEntries(
  WEEKDAYS.map((weekday) => [weekday, [['00:00', '24:00']]]),
);

/**
 * Pays the date engine's one-time start-up cost now (about 20 ms on the first zoned computation of a process:
 * the Temporal polyfill and Intl set themselves up), so that it lands at start-up instead of inside the first
 * evaluation a background pass or a request makes.
 */
export function warmUpCalendarEngine(): void {
  addWorkingTime({ timeZone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']] } }, Date.UTC(2024, 2, 29), 24 * 3_600_000);
}
