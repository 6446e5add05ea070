import { parseBackendUrl } from '../../../shared/ipc/backendUrl';
import type { AppInfo, BackendConnection, NotificationRequest } from '../../../shared/ipc/contract';
import { checkExternalUrl } from '../../../shared/ipc/externalUrlPolicy';
import type { CredentialStore } from '../credentials';
import type { DesktopSettings } from '../settings';
import { IpcHandlerError, type IpcHandlerMap } from './handleIpcRequest';

/** What the handlers need from the rest of the main process; index.ts wires the Electron parts. */
export interface DesktopServices {
  readonly appInfo: AppInfo;
  readonly connection: BackendConnection;
  readonly credentials: CredentialStore;
  saveSettings(settings: DesktopSettings): Promise<void>;
  /** Electron's shell.openExternal; only ever called with an allowlisted, re-serialised URL. */
  openExternal(href: string): Promise<void>;
  /** Shows an OS notification; false when the OS cannot. */
  showNotification(notification: NotificationRequest): boolean;
}

export function createIpcHandlers(services: DesktopServices): IpcHandlerMap {
  return {
    app: {
      getInfo: () => services.appInfo,
    },
    backend: {
      getConnection: () => services.connection,
      setRemoteUrl: async (input) => {
        let remoteUrl: string | null = null;
        if (input !== null) {
          const verdict = parseBackendUrl(input);
          if (!verdict.ok) throw new IpcHandlerError('invalid_url', verdict.message);
          remoteUrl = verdict.url;
        }
        await services.saveSettings({ remoteBackendUrl: remoteUrl });
        return { remoteUrl, restartRequired: true as const };
      },
    },
    credentials: {
      save: async (credentials) => {
        await services.credentials.save(credentials);
        return null;
      },
      load: () => services.credentials.load(),
      clear: async () => {
        await services.credentials.clear();
        return null;
      },
    },
    shell: {
      openExternal: async ({ url }) => {
        const verdict = checkExternalUrl(url);
        if (!verdict.allowed) throw new IpcHandlerError('not_allowed', `This link cannot be opened: ${verdict.reason}.`);
        await services.openExternal(verdict.href);
        return null;
      },
    },
    notify: {
      show: (notification) => {
        if (notification.doNotDisturb) return { shown: false };
        return { shown: services.showNotification(notification) };
      },
    },
  };
}
