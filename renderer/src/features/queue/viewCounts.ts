import { useEffect, useState } from 'react';
import type { TicketIndex } from './ticketIndex';
import { compileSlotFilter, sameFilterContext, type FilterContext, type QueueView } from './views';

/**
 * Live ticket counts for the views pane. A count is a pass over every ticket in the index, so:
 * - counts are remembered per filter until the index or the filter context changes: editing one saved view
 *   recounts that view only, and coming back to the queue shows the last counts at once;
 * - the passes run in slices while the browser is idle (never one long task that would delay a view switch or
 *   a keystroke), at most about once a second while synced changes keep arriving.
 */
interface Generation {
  version: number;
  ctx: FilterContext;
}

const counted = new Map<string, number>();
let countedFor: Generation | null = null;
/** The last count shown per view id (for this agent), even if outdated: better than a blank while the new one is computed. */
const lastShown = new Map<string, number>();
let lastShownFor: string | null = null;
let lastRun = 0;

const filterKey = (v: QueueView) => JSON.stringify(v.filter);

export function useViewCounts(index: TicketIndex, views: readonly QueueView[], ctx: FilterContext, version: number): ReadonlyMap<string, number> {
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(() => new Map(lastShownFor === ctx.agentId ? lastShown : []));
  useEffect(() => {
    if (lastShownFor !== ctx.agentId) {
      lastShown.clear();
      lastShownFor = ctx.agentId;
    }
    if (!countedFor || countedFor.version !== version || !sameFilterContext(countedFor.ctx, ctx)) {
      counted.clear();
      countedFor = { version, ctx };
    }
    const publish = () => {
      for (const v of views) {
        const n = counted.get(filterKey(v));
        if (n !== undefined) lastShown.set(v.id, n);
      }
      setCounts(new Map(lastShown));
    };
    const missing = views.filter((v) => !counted.has(filterKey(v)));
    if (missing.length === 0) {
      publish();
      return;
    }
    const controller = new AbortController();
    const wait = Math.max(30, 1000 - (performance.now() - lastRun));
    const timer = window.setTimeout(() => {
      lastRun = performance.now();
      void countInSlices(index, missing, ctx, controller.signal).then((n) => {
        if (!n) return;
        missing.forEach((v, i) => counted.set(filterKey(v), n[i]!));
        publish();
      });
    }, wait);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [index, views, ctx, version]);
  return counts;
}

/** Slots per slice: about a millisecond of work for a dozen views. */
const sliceSlots = 4096;
/** Work per idle callback: well under a frame, even when the browser offers a longer idle period. */
const budgetMs = 6;

function idle(): Promise<IdleDeadline | null> {
  return new Promise((resolve) => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback((deadline) => resolve(deadline), { timeout: 500 });
    else window.setTimeout(() => resolve(null), 0);
  });
}

/** One pass over the index for all the given views, a slice at a time; null when aborted or the index changed. */
async function countInSlices(index: TicketIndex, views: readonly QueueView[], ctx: FilterContext, signal: AbortSignal): Promise<number[] | null> {
  const version = index.version;
  const tests = views.map((v) => compileSlotFilter(v.filter, ctx, index));
  const counts = new Array<number>(tests.length).fill(0);
  let slot = 0;
  while (slot < index.slotEnd) {
    const deadline = await idle();
    if (signal.aborted || index.version !== version) return null;
    // Within the idle period the browser offers and the budget (or one slice when it gives no deadline).
    const began = performance.now();
    do {
      index.countSlotsBetween(tests, slot, slot + sliceSlots, counts);
      slot += sliceSlots;
    } while (slot < index.slotEnd && deadline !== null && deadline.timeRemaining() > 2 && performance.now() - began < budgetMs);
  }
  return counts;
}
