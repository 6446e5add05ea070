import { describe, expect, it } from 'vitest';
import { NotificationLimiter } from './notificationLimiter';

describe('NotificationLimiter', () => {
  it('allows one notification per ticket per 10 minutes', () => {
    const limiter = new NotificationLimiter();
    expect(limiter.allow('a', 0)).toBe(true);
    expect(limiter.allow('a', 60_000)).toBe(false);
    expect(limiter.allow('a', 10 * 60_000 - 1)).toBe(false);
    expect(limiter.allow('a', 10 * 60_000)).toBe(true);
  });

  it('allows at most 5 per minute overall, then frees up as the minute slides', () => {
    const limiter = new NotificationLimiter();
    const allowed = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => limiter.allow(id, i * 1000));
    expect(allowed).toEqual([true, true, true, true, true, false, false]);
    // The refused tickets were not counted against their own per-ticket limit.
    expect(limiter.allow('f', 60_000)).toBe(true);
    expect(limiter.allow('g', 60_500)).toBe(false);
    expect(limiter.allow('g', 61_000)).toBe(true);
  });
});
