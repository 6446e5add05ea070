import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  readonly appName: string;
  readonly platform: string;
  /** Reload and DevTools are for development builds only. */
  readonly isDevelopment: boolean;
  readonly openDocumentation: () => void;
}

/** A minimal menu: the platform's standard roles (so copy/paste shortcuts work) and help. */
export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const developerItems: MenuItemConstructorOptions[] = options.isDevelopment
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(isMac ? [{ label: options.appName, role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `${options.appName} documentation`, click: () => options.openDocumentation() }] },
  ];
}
