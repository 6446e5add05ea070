import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../domain/sla';
import { timeToBreachMs } from './timeToBreach';

function clock(overrides: Partial<SlaClock>): SlaClock {
  return {
    metric: 'first_response',
    state: 'running',
    startedAt: 0,
    dueAt: 1000,
    remainingMs: 1000,
    elapsedMs: 0,
    targetMs: 1000,
    calendarId: 'c',
    paused: false,
    provisional: false,
    ...overrides,
  };
}

describe('timeToBreachMs', () => {
  it('is the smallest remaining time of the clocks still counting, breached ones first', () => {
    expect(timeToBreachMs([clock({ remainingMs: 500 }), clock({ metric: 'resolution', remainingMs: 200, state: 'warning' })])).toBe(200);
    expect(timeToBreachMs([clock({ remainingMs: 500 }), clock({ state: 'breached', remainingMs: -50 })])).toBe(-50);
  });

  it('ignores paused, fulfilled (also late) and cancelled clocks; Infinity when none counts', () => {
    const ignored = [
      clock({ state: 'paused', paused: true, remainingMs: 1 }),
      clock({ state: 'fulfilled', fulfilledAt: 5, remainingMs: 2 }),
      clock({ state: 'breached', fulfilledAt: 5, breachedAt: 4, remainingMs: -9 }),
      clock({ state: 'breached', paused: true, breachedAt: 4, remainingMs: -9 }),
      clock({ state: 'cancelled', cancelledAt: 5, remainingMs: 3 }),
    ];
    expect(timeToBreachMs(ignored)).toBe(Infinity);
    expect(timeToBreachMs([...ignored, clock({ remainingMs: 700 })])).toBe(700);
    expect(timeToBreachMs([])).toBe(Infinity);
  });
});
