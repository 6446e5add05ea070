import type { AccordBridge } from '../../../shared/ipc/accordBridge';
import { checkExternalUrl } from '../../../shared/ipc/externalUrlPolicy';
import { ipcFail, ipcOk } from '../../../shared/ipc/ipcResult';

/** The few browser APIs the web host uses, injectable so the logic runs in tests without a DOM. */
export interface WebHostEnvironment {
  /** The web console's own origin: the backend that served it. */
  readonly origin: string;
  readonly fetch: (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;
  readonly open: (url: string, target: string, features: string) => unknown;
  readonly focus: () => void;
  /** The Notification API, or null where the browser has none. */
  readonly notifications: WebNotificationApi | null;
}

export interface WebNotificationApi {
  readonly permission: 'default' | 'denied' | 'granted';
  requestPermission(): Promise<'default' | 'denied' | 'granted'>;
  show(title: string, options: { body: string; tag?: string }, onClick: () => void): void;
}

/**
 * The web console's host. The backend is the origin the page came from; the session is an
 * HttpOnly cookie the server sets, so there are no credentials to store here (`credentials.*`
 * are no-ops that answer null); links and notifications use the browser's own APIs under the
 * same rules as the desktop.
 */
export function createWebHost(env: WebHostEnvironment): AccordBridge {
  const clickListeners = new Set<(payload: { ticketId: string }) => void>();

  return {
    app: {
      getInfo: async () => {
        try {
          const response = await env.fetch(`${env.origin}/api/health`);
          const body = (await response.json()) as { version?: unknown };
          return ipcOk({ name: 'Accord', version: typeof body.version === 'string' ? body.version : 'unknown', platform: 'web' });
        } catch {
          return ipcFail('unavailable', 'The server did not answer.');
        }
      },
    },
    backend: {
      getConnection: async () => ipcOk({ baseUrl: env.origin, mode: 'remote' as const }),
      setRemoteUrl: async () => ipcFail('unsupported', 'The web console always uses the server it was opened from.'),
    },
    credentials: {
      save: async () => ipcOk(null),
      load: async () => ipcOk(null),
      clear: async () => ipcOk(null),
    },
    shell: {
      openExternal: async ({ url }) => {
        const verdict = checkExternalUrl(url);
        if (!verdict.allowed) return ipcFail('not_allowed', `This link cannot be opened: ${verdict.reason}.`);
        env.open(verdict.href, '_blank', 'noopener,noreferrer');
        return ipcOk(null);
      },
    },
    notify: {
      show: async ({ title, body, ticketId, doNotDisturb }) => {
        const api = env.notifications;
        if (doNotDisturb || api === null) return ipcOk({ shown: false });
        const permission = api.permission === 'default' ? await api.requestPermission() : api.permission;
        if (permission !== 'granted') return ipcOk({ shown: false });
        api.show(title, ticketId === undefined ? { body } : { body, tag: ticketId }, () => {
          env.focus();
          if (ticketId !== undefined) for (const listener of clickListeners) listener({ ticketId });
        });
        return ipcOk({ shown: true });
      },
      onClicked: (listener) => {
        clickListeners.add(listener);
        return () => void clickListeners.delete(listener);
      },
    },
  };
}

/** The real browser environment. */
export function browserEnvironment(): WebHostEnvironment {
  const NotificationApi = typeof Notification === 'undefined' ? null : Notification;
  return {
    origin: window.location.origin,
    fetch: (url) => window.fetch(url, { credentials: 'same-origin' }),
    open: (url, target, features) => window.open(url, target, features),
    focus: () => window.focus(),
    notifications:
      NotificationApi === null
        ? null
        : {
            get permission() {
              return NotificationApi.permission;
            },
            requestPermission: () => NotificationApi.requestPermission(),
            show: (title, options, onClick) => {
              const notification = new NotificationApi(title, options);
              notification.onclick = onClick;
            },
          },
  };
}
