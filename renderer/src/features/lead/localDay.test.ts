import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDayAt, localDayStarts } from './localDay';

const H = 3_600_000;

describe('localDayAt', () => {
  it('is the local midnights around now', () => {
    const now = Date.UTC(2026, 2, 2, 10, 0, 0);
    expect(localDayAt(now, 'UTC')).toEqual({ start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 3) });
    // 10:00 UTC is 19:00 in Tokyo: the day ends at 15:00 UTC.
    expect(endOfLocalDay(now, 'Asia/Tokyo')).toBe(Date.UTC(2026, 2, 2, 15, 0, 0));
    // 10:00 UTC is 05:00 in New York (EST): midnight there is 05:00 UTC the next day.
    expect(endOfLocalDay(now, 'America/New_York')).toBe(Date.UTC(2026, 2, 3, 5, 0, 0));
  });

  it('spring forward in New York: a 23-hour day from 05:00 UTC to 04:00 UTC', () => {
    // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT. 20:00 local is 00:00 UTC the next UTC day.
    for (const now of [Date.UTC(2026, 2, 8, 6, 0), Date.UTC(2026, 2, 8, 12, 0), Date.UTC(2026, 2, 9, 0, 0)]) {
      const day = localDayAt(now, 'America/New_York');
      expect(day).toEqual({ start: Date.UTC(2026, 2, 8, 5, 0), end: Date.UTC(2026, 2, 9, 4, 0) });
      expect(day.end - day.start).toBe(23 * H);
    }
  });

  it('fall back in New York: a 25-hour day, also read in its repeated hour', () => {
    // 2026-11-01: 01:00–02:00 happens twice; 05:30 UTC is the second 01:30 (EST).
    const day = localDayAt(Date.UTC(2026, 10, 1, 5, 30), 'America/New_York');
    expect(day).toEqual({ start: Date.UTC(2026, 10, 1, 4, 0), end: Date.UTC(2026, 10, 2, 5, 0) });
    expect(day.end - day.start).toBe(25 * H);
  });

  it('Berlin: 23 hours on the last Sunday of March, 25 on the last Sunday of October', () => {
    const spring = localDayAt(Date.UTC(2026, 2, 29, 21, 30), 'Europe/Berlin'); // 23:30 CEST
    expect(spring).toEqual({ start: Date.UTC(2026, 2, 28, 23, 0), end: Date.UTC(2026, 2, 29, 22, 0) });
    const autumn = localDayAt(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Berlin'); // 02:30 CEST, before the repeat
    expect(autumn).toEqual({ start: Date.UTC(2026, 9, 24, 22, 0), end: Date.UTC(2026, 9, 25, 23, 0) });
    expect(autumn.end - autumn.start).toBe(25 * H);
  });

  it('a zone that skips midnight itself starts the day at the first instant that exists', () => {
    // Santiago springs forward at 24:00 → 01:00 (2026-09-06), so that day starts at 01:00 local (04:00 UTC).
    expect(localDayAt(Date.UTC(2026, 8, 6, 15, 0), 'America/Santiago').start).toBe(Date.UTC(2026, 8, 6, 4, 0));
  });

  it('falls back to UTC for a zone name it does not know instead of failing the board', () => {
    expect(localDayAt(Date.UTC(2026, 2, 2, 10, 0), 'Mars/Olympus')).toEqual({ start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 3) });
  });
});

describe('localDayStarts', () => {
  it('lists local midnights oldest first, today last, each day as long as it really is', () => {
    // Berlin, around the autumn change (2026-10-25 has 25 hours).
    const starts = localDayStarts(Date.UTC(2026, 9, 26, 10, 0), 'Europe/Berlin', 3);
    expect(starts).toEqual([Date.UTC(2026, 9, 23, 22, 0), Date.UTC(2026, 9, 24, 22, 0), Date.UTC(2026, 9, 25, 23, 0)]);
    expect(starts[2]! - starts[1]!).toBe(25 * H);
  });

  it("37 days back from New York's spring-forward week is 37 local days, not 37 × 24 h", () => {
    const starts = localDayStarts(Date.UTC(2026, 2, 10, 16, 0), 'America/New_York', 37);
    expect(starts[36]).toBe(Date.UTC(2026, 2, 10, 4, 0));
    expect(starts[0]).toBe(Date.UTC(2026, 1, 2, 5, 0));
    expect(localDayStarts(Date.UTC(2026, 2, 10, 16, 0), 'Mars/Olympus', 1)).toEqual([Date.UTC(2026, 2, 10)]);
  });
});
