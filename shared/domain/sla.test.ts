import { describe, expect, it } from 'vitest';
import { addWorkingTime, type BusinessCalendar as CalendarRules } from '../sla/calendar';
import { businessCalendarSchema, calendarRulesSchema, isValidTimeZone, slaEventSchema, slaPolicySchema, type BusinessCalendar } from './sla';

const id = '00000000-0000-4000-8000-000000000001';

describe('businessCalendarSchema', () => {
  const valid = { id, name: 'Berlin office', timeZone: 'Europe/Berlin', weekly: { mon: [['09:00', '12:00'], ['13:00', '24:00']] }, holidays: ['2025-12-25'] };

  it('accepts split shifts, "24:00" and real dates; defaults the sync fields', () => {
    const parsed = businessCalendarSchema.parse(valid);
    expect(parsed.version).toBe(1);
    // A stored calendar is what the calendar arithmetic takes.
    const rules: CalendarRules = parsed satisfies BusinessCalendar;
    expect(addWorkingTime(rules, Date.parse('2025-01-06T08:00Z'), 60_000)).toBe(Date.parse('2025-01-06T08:01Z'));
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }],
    ['an empty time zone', { timeZone: '' }],
    ['a malformed time', { weekly: { mon: [['9:00', '17:00']] } }],
    ['a minute past midnight as 24:01', { weekly: { mon: [['09:00', '24:01']] } }],
    ['25:00', { weekly: { mon: [['09:00', '25:00']] } }],
    ['an interval ending before it starts', { weekly: { mon: [['17:00', '09:00']] } }],
    ['an empty interval', { weekly: { mon: [['09:00', '09:00']] } }],
    ['overlapping intervals', { weekly: { mon: [['09:00', '13:00'], ['12:00', '17:00']] } }],
    ['an unknown weekday', { weekly: { monday: [['09:00', '17:00']] } }],
    ['a date that does not exist', { holidays: ['2025-02-30'] }],
    ['a non-UUID id', { id: 'office' }],
  ])('refuses %s', (_label, change) => {
    expect(businessCalendarSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('validates the rules alone too', () => {
    expect(calendarRulesSchema.safeParse({ timeZone: 'Asia/Kolkata', weekly: {} }).success).toBe(true);
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(isValidTimeZone('Not/AZone')).toBe(false);
  });
});

describe('slaPolicySchema', () => {
  const minimal = { id, name: 'Enterprise', position: 0, targets: { 1: { firstResponseMin: 15 } }, calendarId: id };

  it('fills the documented defaults', () => {
    const policy = slaPolicySchema.parse(minimal);
    expect(policy.warnAtFraction).toBe(0.75);
    expect(policy.pauseStatuses).toEqual({
      firstResponse: [],
      nextResponse: [],
      periodicUpdate: ['pending_customer', 'on_hold'],
      resolution: ['pending_customer', 'on_hold', 'waiting_engineering'],
    });
    expect(policy.targets[4]).toEqual({});
    expect(policy.match).toEqual({});
    expect(policy.breachActions).toEqual([]);
  });

  it('refuses nonsense', () => {
    expect(slaPolicySchema.safeParse({ ...minimal, targets: { 1: { firstResponseMin: 0 } } }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, targets: { 5: {} } }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, match: { severities: [5] } }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, match: { channels: ['fax'] } }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, warnAtFraction: 1.2 }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, breachActions: ['page_ceo'] }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, pauseStatuses: { resolution: ['solved'] } }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...minimal, remedy: { creditPercentPerBreach: 5, capPercent: 120 } }).success).toBe(false);
  });
});

describe('slaEventSchema', () => {
  it('accepts a retarget with both due times and refuses an unknown kind', () => {
    const event = { id: 'x/first_response/0/retarget/5', ticketId: id, metric: 'first_response', kind: 'retarget', at: 5, dueAt: 9, previousDueAt: 7 };
    expect(slaEventSchema.parse(event)).toEqual(event);
    expect(slaEventSchema.safeParse({ ...event, kind: 'snooze' }).success).toBe(false);
  });
});
