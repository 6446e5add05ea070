import { useLiveQuery } from 'dexie-react-hooks';
import type { SlaEvent } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';

const none: SlaEvent[] = [];

/**
 * Breach and fulfil events since `since` of the given tickets, read through the cache's [ticketId+at] index
 * (one range per ticket) so a team's board never scans the whole event table.
 */
export function useTeamSlaEvents(ticketIds: readonly string[], idsKey: string, since: number): SlaEvent[] {
  return useLiveQuery(
    async () => {
      const out: SlaEvent[] = [];
      for (let i = 0; i < ticketIds.length; i += 200) {
        const parts = await Promise.all(
          ticketIds
            .slice(i, i + 200)
            .map((id) => cacheDb.sla_events.where('[ticketId+at]').between([id, since], [id, Infinity], true, true).toArray()),
        );
        for (const list of parts) for (const e of list) if (e.kind === 'breach' || e.kind === 'fulfil') out.push(e);
      }
      return out;
    },
    // idsKey stands for ticketIds (a stable string, so a new array with the same ids does not re-query).
    [idsKey, since],
    none,
  );
}
