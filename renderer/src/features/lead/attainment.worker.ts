/// <reference lib="webworker" />
import type { SlaEvent } from '../../../../shared/domain';
import { AccordDb } from '../../data/db';
import { readSlaHistories } from '../../data/ticketGroups';
import { candidateSeverities, type AttainmentRequest, type AttainmentResponse } from './attainmentProtocol';
import { slaAttainment } from './slaAttainment';

/**
 * SLA attainment for the lead board, off the UI thread: reading a team's breach and fulfil events is thousands
 * of IndexedDB range reads over tens of thousands of rows (the large set keeps ~80,000 such events for 30 days),
 * which on the UI thread means seconds of long tasks. Here they cost the board nothing; it gets the small table.
 */
const db = new AccordDb();
const scope = self as unknown as DedicatedWorkerGlobalScope;
let latest = 0;

scope.onmessage = (e: MessageEvent<AttainmentRequest>) => {
  const request = e.data;
  latest = request.requestId;
  void compute(request).then((response) => {
    if (response) scope.postMessage(response);
  });
};

async function compute(request: AttainmentRequest): Promise<AttainmentResponse | null> {
  const events: SlaEvent[] = [];
  const severities = candidateSeverities(request);
  // In key order: the snapshot packs SLA histories by ticket id (data/segments.ts), so each slice reads few segments.
  const ids = [...severities.keys()].sort();
  for (let i = 0; i < ids.length; i += 500) {
    // A newer request supersedes this one: stop reading.
    if (request.requestId !== latest) return null;
    for (const event of await readSlaHistories(db, ids.slice(i, i + 500), request.since)) {
      if (event.kind === 'breach' || event.kind === 'fulfil') events.push(event);
    }
  }
  const attainment = slaAttainment(events, (id) => severities.get(id), request.now, request.dayStarts);
  return { requestId: request.requestId, attainment };
}
