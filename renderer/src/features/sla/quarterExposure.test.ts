import { describe, expect, it } from 'vitest';
import { quarterExposure, quarterMonths } from './quarterExposure';

describe('quarterMonths', () => {
  it('is the calendar quarter in the account time zone', () => {
    // 2026-03-31 23:30 UTC is already April 1st in Berlin: Q2 there, Q1 in New York.
    const now = Date.UTC(2026, 2, 31, 23, 30);
    const berlin = quarterMonths(now, 'Europe/Berlin');
    expect(berlin.label).toBe('Q2 2026');
    expect(berlin.months.map((m) => m.label)).toEqual(['Apr', 'May', 'Jun']);
    expect(berlin.start).toBe(Date.UTC(2026, 2, 31, 22, 0)); // CEST midnight
    const ny = quarterMonths(now, 'America/New_York');
    expect(ny.label).toBe('Q1 2026');
    expect(ny.start).toBe(Date.UTC(2026, 0, 1, 5, 0));
    expect(ny.end).toBe(Date.UTC(2026, 3, 1, 4, 0)); // EDT by then
  });
});

describe('quarterExposure', () => {
  it('applies the remedy per month, each month capped on its own', () => {
    const now = Date.UTC(2026, 4, 20);
    const inApril = Array.from({ length: 7 }, (_, i) => Date.UTC(2026, 3, 2 + i));
    const inMay = [Date.UTC(2026, 4, 3), Date.UTC(2026, 4, 25) /* after now: not yet */];
    const lastQuarter = [Date.UTC(2026, 2, 30)];
    const result = quarterExposure([...inApril, ...inMay, ...lastQuarter], now, 'UTC', 1_000_000, { creditPercentPerBreach: 5, capPercent: 25 });
    expect(result.months.map((m) => [m.label, m.breaches, m.creditPercent, m.capped])).toEqual([
      ['Apr', 7, 25, true],
      ['May', 1, 5, false],
      ['Jun', 0, 0, false],
    ]);
    expect(result.breaches).toBe(8);
    expect(result.creditAmount).toBe(250_000 + 50_000);
  });
});
