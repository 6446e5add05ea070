import { BrowserWindow, shell, type WebContents } from 'electron';
import { checkExternalUrl } from '../../shared/ipc/externalUrlPolicy';
import { isAppUrl } from './appUrl';

export interface MainWindowOptions {
  readonly preloadPath: string;
  /** app://accord/index.html, or the Vite dev server in development. */
  readonly entryUrl: string;
  readonly iconPath?: string;
}

/** The one application window. Web contents hardening is applied to *all* contents in index.ts. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Accord',
    backgroundColor: '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      // The renderer renders untrusted customer content; it gets no Node, no shared JS world
      // with the preload, and an OS sandbox. (The `remote` module no longer exists in Electron.)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.entryUrl);
  return window;
}

/**
 * Navigation and window rules for every web contents (main window, DevTools, anything a bug
 * might create): stay on our origin, never open new Electron windows, no <webview>. Links to
 * allowlisted https hosts go to the system browser instead.
 */
export function hardenWebContents(contents: WebContents, appOrigin: string, log: (message: string) => void): void {
  const openOutside = (url: string) => {
    const verdict = checkExternalUrl(url);
    if (verdict.allowed) void shell.openExternal(verdict.href);
    else log(`blocked navigation to ${url.slice(0, 200)}: ${verdict.reason}`);
  };

  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, appOrigin)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url, appOrigin)) return;
    event.preventDefault();
    log(`blocked redirect to ${event.url.slice(0, 200)}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
