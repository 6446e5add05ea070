import type { SlaSnapshot } from '../sla/slaSnapshot';

/**
 * Most cached tickets are solved or closed, and every one of them gets an SLA snapshot that says the same thing
 * ("met", no clock). Without a due instant a snapshot holds no per-ticket data, so tickets with equal ones can
 * share one frozen copy: tens of thousands fewer live objects for each full garbage collection to mark.
 * Snapshots with a running clock are returned as they are.
 */
const sharedSnapshots = new Map<string, SlaSnapshot>();

export function shareClocklessSla(snapshot: SlaSnapshot): SlaSnapshot {
  if (snapshot.dueAt !== null || snapshot.warnAt !== null) return snapshot;
  const key = `${snapshot.metric}|${snapshot.paused}|${snapshot.met}|${snapshot.calendarId ?? ''}`;
  const known = sharedSnapshots.get(key);
  if (known) return known;
  const frozen = Object.freeze({ ...snapshot });
  sharedSnapshots.set(key, frozen);
  return frozen;
}
