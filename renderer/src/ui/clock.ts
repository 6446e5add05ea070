import { useSyncExternalStore } from 'react';

/**
 * One shared ticker on server time. Every SLA countdown on screen reads this store, so there is a single
 * 1 s interval for the whole app (never one timer per row). Server time = local time + offset; the data
 * layer feeds the offset (corrected by half the round trip) through `setServerTimeOffset`.
 */
let offsetMs = 0;
let nowMs = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  nowMs = Date.now() + offsetMs;
  for (const l of listeners) l();
  schedule();
}

function schedule(): void {
  // Align to the next whole second so that all countdowns change together.
  const delay = 1000 - (Date.now() % 1000) + 5;
  timer = setTimeout(tick, delay);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    nowMs = Date.now() + offsetMs;
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

export function setServerTimeOffset(ms: number): void {
  if (Math.abs(ms - offsetMs) < 250) return;
  offsetMs = ms;
  tick();
}

/** Server time now, without subscribing (for event handlers and one-off computations). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Server time, re-rendering once per second (or per `resolutionMs`, rounded down, to re-render less). */
export function useServerNow(resolutionMs = 1000): number {
  return useSyncExternalStore(subscribe, () => Math.floor(nowMs / resolutionMs) * resolutionMs);
}
