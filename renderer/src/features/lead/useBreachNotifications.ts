import { useEffect, useRef } from 'react';
import type { Ticket } from '../../../../shared/domain';
import { navigate } from '../../app/router';
import { getHost } from '../../host/host';
import { useServerNow } from '../../ui/clock';
import { breachNotificationRequests } from './breachNotificationRequests';
import { NotificationLimiter } from './notificationLimiter';

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
    const { enabled, doNotDisturb } = options;
    for (const request of breachNotificationRequests(rows, now, limiter.current!, { enabled, doNotDisturb })) void getHost().notify.show(request);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the two flags are the options; a new object each render is not a change
  }, [rows, now, options.enabled, options.doNotDisturb]);
}
