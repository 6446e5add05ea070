import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, safeStorage, session, shell, type Session } from 'electron';
import type { BackendConnection } from '../../shared/ipc/contract';
import { checkExternalUrl } from '../../shared/ipc/externalUrlPolicy';
import { registerAppSchemePrivileges, serveRendererOverAppScheme } from './appProtocol';
import { appEntryUrl, appOrigin } from './appUrl';
import { BackendStartError, startEmbeddedBackend, type EmbeddedBackend } from './backend';
import { chooseCredentialStorage, createCredentialStore, credentialsFileName } from './credentials';
import { registerIpcHandlers } from './ipc/handle';
import { createIpcHandlers } from './ipc/handlers';
import { applicationMenuTemplate } from './menu';
import { createNotifier } from './notifications';
import { isPermissionGranted } from './permissionPolicy';
import { readSettings, settingsFileName, writeSettings } from './settings';
import { createMainWindow, hardenWebContents } from './window';

/**
 * Desktop app lifecycle: one instance, sandboxed renderers, the embedded backend (unless
 * Settings name a remote one), the IPC handlers, one window. Everything here must run before
 * `ready` where Electron requires it, so nothing is awaited at the top level.
 */

const log = (message: string, detail?: unknown) => {
  if (detail === undefined) console.log(`[accord] ${message}`);
  else console.log(`[accord] ${message}`, detail);
};

const documentationUrl = 'https://docs.accord.app/';
const mainDir = import.meta.dirname; // out/main
const devRendererUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererOrigin = devRendererUrl !== undefined ? new URL(devRendererUrl).origin : appOrigin;

registerAppSchemePrivileges();
app.enableSandbox();
// One name (and userData folder) for `npm start` and packaged builds.
app.setName('Accord');

let mainWindow: BrowserWindow | null = null;
let backend: EmbeddedBackend | null = null;
let quitting = false;
let started = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererOrigin, log));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (started && BrowserWindow.getAllWindows().length === 0 && !quitting) openMainWindow();
  });
  app.on('will-quit', (event) => {
    // Stop the backend first so SQLite closes cleanly, then quit for real.
    if (backend === null) return;
    event.preventDefault();
    const running = backend;
    backend = null;
    void running.stop().finally(() => app.quit());
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settingsFile = join(userData, settingsFileName);
  const settings = await readSettings(settingsFile);
  lockDownSession(session.defaultSession);

  let connection: BackendConnection;
  if (settings.remoteBackendUrl !== null) {
    connection = { baseUrl: settings.remoteBackendUrl, mode: 'remote' };
    log(`using the remote backend ${connection.baseUrl}`);
  } else {
    backend = await startEmbeddedBackend({
      serverEntry: join(mainDir, 'server.js'),
      userDataDir: userData,
      isPackaged: app.isPackaged,
      nodePath: process.env['ACCORD_NODE_PATH'] ?? process.env['npm_node_execpath'],
      log,
      onUnexpectedExit: (exitCode, output) => {
        backend = null;
        if (quitting) return;
        dialog.showErrorBox('Accord backend stopped', `The local backend exited unexpectedly (code ${exitCode ?? 'unknown'}).\n\n${output.trim().split('\n').slice(-15).join('\n')}`);
        app.quit();
      },
    });
    connection = { baseUrl: backend.baseUrl, mode: 'embedded' };
    log(`embedded backend ready at ${connection.baseUrl}`);
  }

  if (devRendererUrl === undefined) serveRendererOverAppScheme(join(mainDir, '../renderer'), connection.baseUrl);

  const keyring = chooseCredentialStorage({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  });
  log(`credentials: ${keyring.mode} (${keyring.reason})`);

  registerIpcHandlers(
    createIpcHandlers({
      appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
      connection,
      credentials: createCredentialStore({
        mode: keyring.mode,
        filePath: join(userData, credentialsFileName),
        cipher: safeStorage,
        backendKey: connection.mode === 'embedded' ? 'embedded' : connection.baseUrl,
      }),
      saveSettings: (next) => writeSettings(settingsFile, next),
      openExternal: (href) => shell.openExternal(href),
      showNotification: createNotifier(() => mainWindow),
    }),
    rendererOrigin,
    log,
  );

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenuTemplate({
        appName: app.getName(),
        platform: process.platform,
        isDevelopment: !app.isPackaged,
        openDocumentation: () => {
          const verdict = checkExternalUrl(documentationUrl);
          if (verdict.allowed) void shell.openExternal(verdict.href);
        },
      }),
    ),
  );

  openMainWindow();
  started = true;
}

function openMainWindow(): void {
  const iconPath = join(app.getAppPath(), 'resources', 'icon.png');
  mainWindow = createMainWindow({
    preloadPath: preloadPath(),
    entryUrl: devRendererUrl ?? appEntryUrl,
    ...(existsSync(iconPath) ? { iconPath } : {}),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Deny every web permission except notifications for our page; no device access at all. */
function lockDownSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, rendererOrigin));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, rendererOrigin),
  );
  target.setDevicePermissionHandler(() => false);
}

/** Sandboxed preloads must be CommonJS; an ESM build (index.mjs) would silently leave the page without a bridge. */
function preloadPath(): string {
  const preloadDir = join(mainDir, '../preload');
  for (const name of ['index.js', 'index.cjs']) {
    const candidate = join(preloadDir, name);
    if (existsSync(candidate)) return candidate;
  }
  log('the preload was built as ESM (out/preload/index.mjs); sandboxed preloads must be CommonJS — set preload.build.rollupOptions.output.format = "cjs" in electron.vite.config.ts');
  return join(preloadDir, 'index.mjs');
}

function fail(error: unknown): void {
  const message = error instanceof BackendStartError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  log('start-up failed', error);
  dialog.showErrorBox('Accord could not start', message);
  // app.exit skips will-quit: stop a backend that did start, or a dev-mode Node child would outlive us.
  const running = backend;
  backend = null;
  void (running?.stop() ?? Promise.resolve()).finally(() => app.exit(1));
}
