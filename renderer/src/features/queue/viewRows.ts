import type { QueueRow, TicketIndex } from './ticketIndex';
import { compileSlotFilter, sameFilterContext, type FilterContext, type QueueFilter } from './views';

/**
 * The rows of a view, remembered until the index or the filter context changes: going back to a view the agent
 * just looked at (the usual back and forth between a few views) shows it without another pass over 100,000
 * tickets, and without a new array that would make the grid lay out every row again.
 */
export interface ViewRowsCache {
  rows(filter: QueueFilter, ctx: FilterContext): QueueRow[];
}

const keep = 12;

export function viewRowsCache(index: TicketIndex): ViewRowsCache {
  let version = -1;
  let context: FilterContext | null = null;
  // A Map keeps insertion order: the first key is the least recently used.
  const byFilter = new Map<string, QueueRow[]>();
  return {
    rows(filter, ctx) {
      if (index.version !== version || !context || !sameFilterContext(ctx, context)) {
        byFilter.clear();
        version = index.version;
        context = ctx;
      }
      const key = JSON.stringify(filter);
      let rows = byFilter.get(key);
      if (rows) byFilter.delete(key);
      else {
        const t0 = performance.now();
        rows = index.filterSlots(compileSlotFilter(filter, ctx, index));
        performance.measure?.('accord:queue-filter', { start: t0, end: performance.now() });
        if (byFilter.size >= keep) byFilter.delete(byFilter.keys().next().value!);
      }
      byFilter.set(key, rows);
      return rows;
    },
  };
}
