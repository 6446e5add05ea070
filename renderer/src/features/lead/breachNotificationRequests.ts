import type { Ticket } from '../../../../shared/domain';
import type { NotificationRequest } from '../../../../shared/ipc/contract';
import { formatDuration, ticketRef } from '../../ui/format';
import { imminentBreaches } from './breachForecast';
import type { NotificationLimiter } from './notificationLimiter';

/** How far ahead a breach counts as imminent. */
export const imminentWindowMs = 15 * 60_000;

/**
 * The desktop notifications due at `now` for rows sorted by due instant: imminent breaches that the limiter lets
 * through, none at all while alerts are off or do-not-disturb is on (nothing is counted against the limit then,
 * so leaving do-not-disturb does not find the budget spent). Pure apart from the limiter it is handed, so the
 * hook's decision is tested without a DOM or a host.
 */
export function breachNotificationRequests(
  sortedRows: ReadonlyArray<{ readonly ticket: Pick<Ticket, 'id' | 'number' | 'subject'>; readonly dueAt: number | null }>,
  now: number,
  limiter: NotificationLimiter,
  options: { readonly enabled: boolean; readonly doNotDisturb: boolean },
): NotificationRequest[] {
  if (!options.enabled || options.doNotDisturb) return [];
  const requests: NotificationRequest[] = [];
  for (const row of imminentBreaches(sortedRows, now, imminentWindowMs)) {
    if (!limiter.allow(row.ticket.id, now)) continue;
    requests.push({
      title: `SLA breach in ${formatDuration((row.dueAt ?? now) - now)}`,
      body: `${ticketRef(row.ticket.number)} ${row.ticket.subject}`.slice(0, 1000),
      ticketId: row.ticket.id,
      doNotDisturb: false,
    });
  }
  return requests;
}
