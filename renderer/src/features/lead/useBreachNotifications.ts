import { useEffect, useRef } from 'react';
import type { Ticket } from '../../../../shared/domain';
import { navigate } from '../../app/router';
import { getHost } from '../../host/host';
import { useServerNow } from '../../ui/clock';
import { formatDuration, ticketRef } from '../../ui/format';
import { imminentBreaches } from './breachForecast';
import { NotificationLimiter } from './notificationLimiter';

/** How far ahead a breach counts as imminent. */
export const imminentWindowMs = 15 * 60_000;

/**
 * Desktop notifications for imminent breaches (Electron Notification in the app, the Notification API on the
 * web, through the host). Checked every 15 s of server time over rows already sorted by due instant; rate
 * limited (one per ticket per 10 min, five per minute) and silenced by do-not-disturb.
 */
export function useBreachNotifications(
  rows: ReadonlyArray<{ readonly ticket: Ticket; readonly dueAt: number | null }>,
  options: { enabled: boolean; doNotDisturb: boolean },
): void {
  const now = useServerNow(15_000);
  const limiter = useRef<NotificationLimiter | null>(null);
  limiter.current ??= new NotificationLimiter();
  // Clicking a notification (desktop or browser) opens its ticket.
  useEffect(() => getHost().notify.onClicked(({ ticketId }) => navigate({ name: 'ticket', ticketId })), []);
  useEffect(() => {
    if (!options.enabled || options.doNotDisturb) return;
    for (const row of imminentBreaches(rows, now, imminentWindowMs)) {
      if (!limiter.current!.allow(row.ticket.id, now)) continue;
      void getHost().notify.show({
        title: `SLA breach in ${formatDuration((row.dueAt ?? now) - now)}`,
        body: `${ticketRef(row.ticket.number)} ${row.ticket.subject}`.slice(0, 1000),
        ticketId: row.ticket.id,
        doNotDisturb: options.doNotDisturb,
      });
    }
  }, [rows, now, options.enabled, options.doNotDisturb]);
}
