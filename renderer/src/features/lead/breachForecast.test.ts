import { describe, expect, it } from 'vitest';
import { breachForecast, imminentBreaches } from './breachForecast';

const H = 3_600_000;
const now = Date.UTC(2026, 2, 2, 10, 0, 0);

describe('breachForecast', () => {
  it('counts cumulative buckets and overdue apart, skipping paused clocks', () => {
    const rows = [
      { dueAt: now - 1 }, // overdue
      { dueAt: now }, // due exactly now: overdue
      { dueAt: now + 30 * 60_000 },
      { dueAt: now + H }, // the hour's edge is inside
      { dueAt: now + H + 1 },
      { dueAt: now + 4 * H },
      { dueAt: now + 5 * H },
      { dueAt: now + 20 * H }, // after the end of today
      { dueAt: null },
    ];
    expect(breachForecast(rows, now, now + 14 * H)).toEqual({ overdue: 2, nextHour: 2, next4Hours: 4, today: 5 });
  });

  it("ends today at the next local midnight, exclusive: a clock due exactly then is tomorrow's", () => {
    const midnight = now + 14 * H;
    const rows = [{ dueAt: midnight - 1 }, { dueAt: midnight }, { dueAt: midnight + 1 }];
    expect(breachForecast(rows, now, midnight).today).toBe(1);
  });

  it('is all zeros without rows', () => {
    expect(breachForecast([], now, now + H)).toEqual({ overdue: 0, nextHour: 0, next4Hours: 0, today: 0 });
  });
});

describe('imminentBreaches', () => {
  it('takes rows due within the window, not the overdue ones, and stops at the first beyond it', () => {
    const rows = [{ dueAt: now - 5 }, { dueAt: now + 60_000 }, { dueAt: now + 15 * 60_000 }, { dueAt: now + 16 * 60_000 }, { dueAt: null }];
    expect(imminentBreaches(rows, now, 15 * 60_000)).toEqual([rows[1], rows[2]]);
  });
});
