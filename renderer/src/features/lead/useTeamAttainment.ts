import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import type { Severity } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';
import type { AttainmentRequest, AttainmentResponse } from './attainmentProtocol';
import type { AttainmentWindows } from './slaAttainment';

/** Recompute at most this often while SLA events stream in (attainment is a report, not a countdown). */
const refreshMs = 30_000;

/**
 * The team's SLA attainment, computed by a worker (attainment.worker.ts) from the cached events: again when the
 * team's tickets or the day change, and — at most every 30 s — when new SLA events reach the cache.
 */
export function useTeamAttainment(
  tickets: ReadonlyArray<readonly [string, Severity]>,
  ticketsKey: string,
  since: number,
  endOfToday: number,
  startOfToday: number,
): AttainmentWindows | null {
  const [attainment, setAttainment] = useState<AttainmentWindows | null>(null);
  const [eventsVersion, setEventsVersion] = useState(0);
  const worker = useRef<Worker | null>(null);
  const requestId = useRef(0);

  useEffect(() => {
    const w = new Worker(new URL('./attainment.worker.ts', import.meta.url), { type: 'module', name: 'accord-attainment' });
    w.onmessage = (e: MessageEvent<AttainmentResponse>) => {
      if (e.data.requestId === requestId.current) setAttainment(e.data.attainment);
    };
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  // New SLA events in the cache (this window's sync or another's): ask again, throttled.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const prefix = `idb://${cacheDb.name}/slaHistories`;
    const onMutated = (parts: ObservabilitySet) => {
      if (timer !== null || !Object.keys(parts).some((part) => part.startsWith(prefix))) return;
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
    if (!worker.current) return;
    requestId.current += 1;
    const request: AttainmentRequest = { requestId: requestId.current, tickets: tickets as AttainmentRequest['tickets'], since, now: endOfToday, startOfToday };
    worker.current.postMessage(request);
    // ticketsKey stands for tickets (a stable string, so a new array with the same tickets does not re-ask).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ticketsKey, since, endOfToday, startOfToday, eventsVersion]);

  return attainment;
}
