import type { SlaClock } from '../domain/sla';

/** A clock still counting towards (or past) its due instant: not fulfilled, cancelled or paused. */
export function isActiveSlaClock(clock: Readonly<Pick<SlaClock, 'state' | 'paused' | 'fulfilledAt' | 'cancelledAt'>>): boolean {
  return clock.state !== 'cancelled' && clock.fulfilledAt === undefined && clock.cancelledAt === undefined && !clock.paused;
}

/**
 * The smallest remaining business time among a ticket's active clocks, for sorting a queue:
 * negative when something is already breached, Infinity when nothing is counting.
 */
export function timeToBreachMs(clocks: ReadonlyArray<Readonly<Pick<SlaClock, 'state' | 'paused' | 'fulfilledAt' | 'cancelledAt' | 'remainingMs'>>>): number {
  let smallest = Infinity;
  for (const clock of clocks) {
    if (isActiveSlaClock(clock) && clock.remainingMs < smallest) smallest = clock.remainingMs;
  }
  return smallest;
}
