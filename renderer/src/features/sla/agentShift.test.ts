import { describe, expect, it } from 'vitest';
import { breachShift, shiftWindowsAt } from './agentShift';

const H = 3_600_000;
const berlin = { timeZone: 'Europe/Berlin', shiftStart: '09:00', shiftEnd: '17:00' };

describe('shiftWindowsAt', () => {
  it('finds the shift the agent is in and the next one, in their time zone', () => {
    const now = Date.UTC(2026, 5, 10, 10, 0); // 12:00 in Berlin (CEST)
    const w = shiftWindowsAt(berlin, now);
    expect(w.current).toEqual({ start: Date.UTC(2026, 5, 10, 7, 0), end: Date.UTC(2026, 5, 10, 15, 0) });
    expect(w.next).toEqual({ start: Date.UTC(2026, 5, 11, 7, 0), end: Date.UTC(2026, 5, 11, 15, 0) });
  });

  it('off shift, the next shift is the coming one', () => {
    const now = Date.UTC(2026, 5, 10, 20, 0); // 22:00 Berlin
    const w = shiftWindowsAt(berlin, now);
    expect(w.current).toBeNull();
    expect(w.next.start).toBe(Date.UTC(2026, 5, 11, 7, 0));
  });

  it('handles shifts past midnight and the DST change', () => {
    const night = { timeZone: 'America/New_York', shiftStart: '22:00', shiftEnd: '06:00' };
    // 2026-03-08 is the spring-forward day in New York: 22:00 EST on the 7th to 06:00 EDT on the 8th is 7 h.
    const now = Date.UTC(2026, 2, 8, 5, 0); // 00:00 EST on the 8th
    const w = shiftWindowsAt(night, now);
    expect(w.current).toEqual({ start: Date.UTC(2026, 2, 8, 3, 0), end: Date.UTC(2026, 2, 8, 10, 0) });
    expect(w.current!.end - w.current!.start).toBe(7 * H);
  });
});

describe('breachShift', () => {
  const now = Date.UTC(2026, 5, 10, 10, 0);
  const w = shiftWindowsAt(berlin, now);
  it('splits due instants into this shift, next shift and later', () => {
    expect(breachShift(w, now + 2 * H)).toBe('this');
    expect(breachShift(w, Date.UTC(2026, 5, 10, 15, 0))).toBe('next'); // exactly at shift end: the next shift's
    expect(breachShift(w, Date.UTC(2026, 5, 11, 9, 0))).toBe('next');
    expect(breachShift(w, Date.UTC(2026, 5, 12, 9, 0))).toBe('later');
  });
});
