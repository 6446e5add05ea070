import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import { cacheDb } from '../../app/cacheDb';
import { changedSegmentTables, segmentsTouch } from '../../data';
import type { AttainmentRequest, AttainmentResponse } from './attainmentProtocol';
import type { AttainmentCandidates } from './leadBoardRows';
import type { AttainmentWindows } from './slaAttainment';

/** Recompute at most this often while SLA events or tickets change (attainment is a report, not a countdown). */
const refreshMs = 30_000;

/** `value`, passed on at most every `ms` (the latest one once the interval is over). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const timer = setTimeout(
      () => {
        shownAt.current = performance.now();
        setShown(value);
      },
      Math.max(0, shownAt.current + ms - performance.now()),
    );
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

export interface AttainmentQuery {
  /** The team's candidate tickets as the index holds them now (a sliced scan of the index; null: cancelled). */
  candidates: (cancelled: () => boolean) => Promise<AttainmentCandidates | null>;
  /** Bumps whenever the ticket index changes. */
  indexVersion: number;
  /** Read events from this instant on (a breach just before the 30-day window still decides its clock). */
  since: number;
  endOfToday: number;
  /** The lead's last 30 local midnights, oldest first; a new array only when the day changes. */
  dayStarts: number[];
}

/**
 * The team's SLA attainment, computed by a worker (attainment.worker.ts) from the cached events: again when the
 * team or the day change, and — at most every 30 s — when new SLA events reach the cache or tickets change.
 * Only a changed candidate list is sent: a pull that touched none of them costs the worker nothing.
 */
export function useTeamAttainment({ candidates, indexVersion, since, endOfToday, dayStarts }: AttainmentQuery): AttainmentWindows | null {
  const [attainment, setAttainment] = useState<AttainmentWindows | null>(null);
  const [eventsVersion, setEventsVersion] = useState(0);
  const ticketsVersion = useThrottled(indexVersion, refreshMs);
  const worker = useRef<Worker | null>(null);
  const requestId = useRef(0);
  const sentKey = useRef('');

  useEffect(() => {
    const w = new Worker(new URL('./attainment.worker.ts', import.meta.url), { type: 'module', name: 'accord-attainment' });
    w.onmessage = (e: MessageEvent<AttainmentResponse>) => {
      if (e.data.requestId === requestId.current) setAttainment(e.data.attainment);
    };
    worker.current = w;
    sentKey.current = '';
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  // New SLA events in the cache (this window's sync or another's): ask again, throttled.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // SLA histories live in their table or, as the snapshot delivered them, in segments (data/segments.ts).
    const prefix = `idb://${cacheDb.name}/slaHistories`;
    const onMutated = (parts: ObservabilitySet) => {
      if (timer !== null) return;
      if (!segmentsTouch(changedSegmentTables(parts, cacheDb.name), 'slaHistories') && !Object.keys(parts).some((part) => part.startsWith(prefix))) return;
      timer = setTimeout(() => {
        timer = null;
        setEventsVersion((v) => v + 1);
      }, refreshMs);
    };
    Dexie.on('storagemutated', onMutated);
    return () => {
      Dexie.on('storagemutated').unsubscribe(onMutated);
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    // After the render that led here, never inside it.
    const timer = setTimeout(() => {
      void candidates(() => cancelled).then((found) => {
        if (!found || cancelled || !worker.current) return;
        const key = `${found.fingerprint}|${since}|${endOfToday}|${dayStarts.join(',')}|${eventsVersion}`;
        if (key === sentKey.current) return;
        sentKey.current = key;
        requestId.current += 1;
        const request: AttainmentRequest = { requestId: requestId.current, ticketIds: found.ticketIds, severities: found.severities, since, now: endOfToday, dayStarts };
        worker.current.postMessage(request, [found.severities.buffer]);
      });
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [candidates, ticketsVersion, since, endOfToday, dayStarts, eventsVersion]);

  return attainment;
}
