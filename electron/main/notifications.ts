import { Notification, type BrowserWindow } from 'electron';
import type { NotificationRequest } from '../../shared/ipc/contract';
import { sendIpcEvent } from './ipc/handle';
import { plainNotificationText } from './notificationText';

/**
 * OS notifications for the renderer (SLA breach alerts). Clicking one brings the window
 * forward and tells the renderer which ticket to open (`notify.clicked`).
 */
export function createNotifier(getWindow: () => BrowserWindow | null): (request: NotificationRequest) => boolean {
  // Electron drops click handlers of notifications that were garbage-collected: hold them until done.
  const live = new Set<Notification>();

  return (request) => {
    if (!Notification.isSupported()) return false;
    const notification = new Notification({
      title: plainNotificationText(request.title, 120),
      body: plainNotificationText(request.body, 300),
    });
    live.add(notification);
    const release = () => live.delete(notification);
    notification.on('click', () => {
      release();
      const window = getWindow();
      if (window === null || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      if (request.ticketId !== undefined) sendIpcEvent(window.webContents, 'notify.clicked', { ticketId: request.ticketId });
    });
    notification.on('close', release);
    notification.on('failed', release);
    notification.show();
    return true;
  };
}
