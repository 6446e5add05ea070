import { describe, expect, it } from 'vitest';
import { noSla } from '../sla/slaSnapshot';
import { shareClocklessSla } from './shareClocklessSla';

describe('shareClocklessSla', () => {
  it('gives equal snapshots without a clock one shared, frozen copy', () => {
    const a = shareClocklessSla({ ...noSla, met: true });
    const b = shareClocklessSla({ ...noSla, met: true });
    expect(a).toBe(b);
    expect(a).toEqual({ ...noSla, met: true });
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('keeps snapshots that differ apart', () => {
    expect(shareClocklessSla({ ...noSla, met: true })).not.toBe(shareClocklessSla({ ...noSla, paused: true }));
    expect(shareClocklessSla({ ...noSla, paused: true, calendarId: 'a' })).not.toBe(shareClocklessSla({ ...noSla, paused: true, calendarId: 'b' }));
  });

  it('returns a snapshot with a running clock unchanged', () => {
    const running = { ...noSla, metric: 'first_response' as const, dueAt: 5, warnAt: 4 };
    expect(shareClocklessSla(running)).toBe(running);
  });
});
