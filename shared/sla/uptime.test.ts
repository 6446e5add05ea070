import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedDowntimeMs, downtimeBudget, uptimePercentFromDowntime, uptimePeriodMs, uptimePeriods } from './uptime';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('uptime and allowed downtime', () => {
  it('99.9 % allows about 43 min 50 s in an average month and 8 h 46 min in a year (DOMAIN.md)', () => {
    expect(Math.round(allowedDowntimeMs(99.9, 'month') / S)).toBe(43 * 60 + 50);
    expect(Math.round(allowedDowntimeMs(99.9, 'year') / MIN)).toBe(8 * 60 + 46);
    expect(allowedDowntimeMs(99.9, 'day')).toBeCloseTo(86.4 * S, 6);
    expect(allowedDowntimeMs(99.9, 'week')).toBeCloseTo(604.8 * S, 6);
    expect(allowedDowntimeMs(99.9, 'quarter')).toBeCloseTo(allowedDowntimeMs(99.9, 'year') / 4, 6);
    expect(allowedDowntimeMs(99.99, 'month') / S).toBeCloseTo(262.9746, 3);
    expect(allowedDowntimeMs(100, 'year')).toBe(0);
  });

  it('converts back: downtime → uptime', () => {
    expect(uptimePercentFromDowntime(43 * MIN + 49.746 * S, 'month')).toBeCloseTo(99.9, 6);
    expect(uptimePercentFromDowntime(0, 'week')).toBe(100);
    expect(uptimePercentFromDowntime(24 * H, 'day')).toBe(0);
    expect(uptimePercentFromDowntime(1.2 * H, 2 * H)).toBeCloseTo(40, 9);
  });

  it('round-trips for every period', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(...uptimePeriods), (uptime, period) => {
        expect(uptimePercentFromDowntime(allowedDowntimeMs(uptime, period), period)).toBeCloseTo(uptime, 6);
      }),
    );
  });

  it('gives a whole budget table and refuses nonsense', () => {
    const budget = downtimeBudget(99.5);
    for (const period of uptimePeriods) expect(budget[period]).toBeCloseTo(0.005 * uptimePeriodMs[period], 6);
    expect(() => allowedDowntimeMs(100.1, 'day')).toThrow(RangeError);
    expect(() => allowedDowntimeMs(Number.NaN, 'day')).toThrow(RangeError);
    expect(() => uptimePercentFromDowntime(25 * H, 'day')).toThrow(RangeError);
    expect(() => uptimePercentFromDowntime(1, 0)).toThrow(RangeError);
  });
});
