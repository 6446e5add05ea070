import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from './menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('applicationMenuTemplate', () => {
  const base = { appName: 'Accord', openDocumentation: () => {} };

  it('has no reload or DevTools in production', () => {
    const r = roles(applicationMenuTemplate({ ...base, platform: 'linux', isDevelopment: false }));
    expect(r).not.toContain('toggleDevTools');
    expect(r).not.toContain('reload');
    expect(r).toContain('editMenu');
    expect(r).toContain('quit');
  });

  it('offers DevTools in development and the app menu on macOS', () => {
    const r = roles(applicationMenuTemplate({ ...base, platform: 'darwin', isDevelopment: true }));
    expect(r).toContain('toggleDevTools');
    expect(r).toContain('appMenu');
    expect(r).toContain('close');
    expect(r).not.toContain('quit');
  });

  it('the help item opens the documentation', () => {
    let opened = 0;
    const template = applicationMenuTemplate({ ...base, platform: 'linux', isDevelopment: false, openDocumentation: () => void opened++ });
    const help = template.find((item) => item.role === 'help');
    const submenu = help?.submenu as MenuItemConstructorOptions[];
    (submenu[0]?.click as () => void)();
    expect(opened).toBe(1);
  });
});
