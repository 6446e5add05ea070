import { liveQuery, type Subscription } from 'dexie';
import { useSyncExternalStore } from 'react';
import type { BusinessCalendar } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';

/**
 * The business calendars from the cache, for every countdown on screen: one live query shared by all badges
 * (there are a handful of calendars), started with the first subscriber and stopped with the last.
 */
let calendars: ReadonlyMap<string, BusinessCalendar> = new Map();
const listeners = new Set<() => void>();
let subscription: Subscription | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  subscription ??= liveQuery(() => cacheDb.business_calendars.toArray()).subscribe({
    next: (rows) => {
      calendars = new Map(rows.map((c) => [c.id, c]));
      for (const l of listeners) l();
    },
    error: (error: unknown) => console.error('business calendars unavailable', error),
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      subscription?.unsubscribe();
      subscription = null;
    }
  };
}

export function useBusinessCalendars(): ReadonlyMap<string, BusinessCalendar> {
  return useSyncExternalStore(subscribe, () => calendars);
}
