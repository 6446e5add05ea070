import { describe, expect, it } from 'vitest';
import { createWebHost, type WebHostEnvironment, type WebNotificationApi } from './webHost';

const ticketId = '0b6f4c1e-8a4d-4f8e-9c61-1f0f8d1e2a33';

/** Records what the host asks of the browser; the browser APIs are the edge here. */
function recordingBrowser(permission: WebNotificationApi['permission'] = 'granted', requested: WebNotificationApi['permission'] = 'granted') {
  const opened: Array<[string, string, string]> = [];
  const shown: Array<{ title: string; body: string; tag?: string; onclick: (() => void) | null }> = [];
  let focused = 0;
  const env: WebHostEnvironment = {
    origin: 'https://accord.example.com',
    fetch: async (url) => ({ ok: true, json: async () => (url.endsWith('/api/health') ? { status: 'ok', version: '1.2.3' } : {}) }),
    open: (...args) => void opened.push(args),
    focus: () => void focused++,
    notifications: {
      permission,
      requestPermission: async () => requested,
      show: (title, options, onClick) => void shown.push({ title, ...options, onclick: onClick }),
    },
  };
  return { env, opened, shown, focused: () => focused };
}

describe('createWebHost', () => {
  it('reports the web platform and the server version', async () => {
    const host = createWebHost(recordingBrowser().env);
    expect(await host.app.getInfo()).toEqual({ ok: true, value: { name: 'Accord', version: '1.2.3', platform: 'web' } });
  });

  it('uses its own origin as the backend and cannot switch it', async () => {
    const host = createWebHost(recordingBrowser().env);
    expect(await host.backend.getConnection()).toEqual({ ok: true, value: { baseUrl: 'https://accord.example.com', mode: 'remote' } });
    expect(await host.backend.setRemoteUrl('https://other.example.com')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('stores no credentials (the session is an HttpOnly cookie)', async () => {
    const host = createWebHost(recordingBrowser().env);
    expect(await host.credentials.save({ token: 't', agentEmail: 'tier1@accord.demo' })).toEqual({ ok: true, value: null });
    expect(await host.credentials.load()).toEqual({ ok: true, value: null });
    expect(await host.credentials.clear()).toEqual({ ok: true, value: null });
  });

  it('opens allowlisted links with noopener and refuses the rest', async () => {
    const browser = recordingBrowser();
    const host = createWebHost(browser.env);
    expect(await host.shell.openExternal({ url: 'https://docs.accord.app/x' })).toEqual({ ok: true, value: null });
    expect(await host.shell.openExternal({ url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await host.shell.openExternal({ url: 'https://accord.app@evil.com/' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(browser.opened).toEqual([['https://docs.accord.app/x', '_blank', 'noopener,noreferrer']]);
  });

  it('shows a notification, and a click focuses the page and reports the ticket', async () => {
    const browser = recordingBrowser();
    const host = createWebHost(browser.env);
    const clicked: unknown[] = [];
    const unsubscribe = host.notify.onClicked((payload) => clicked.push(payload));
    expect(await host.notify.show({ title: 'SLA breached', body: 'Acme', ticketId, doNotDisturb: false })).toEqual({ ok: true, value: { shown: true } });
    browser.shown[0]?.onclick?.();
    unsubscribe();
    browser.shown[0]?.onclick?.();
    expect(clicked).toEqual([{ ticketId }]);
    expect(browser.focused()).toBe(2);
    expect(browser.shown[0]).toMatchObject({ title: 'SLA breached', body: 'Acme', tag: ticketId });
  });

  it('respects do-not-disturb and a refused permission', async () => {
    const browser = recordingBrowser('default', 'denied');
    const host = createWebHost(browser.env);
    expect(await host.notify.show({ title: 'x', body: 'y', doNotDisturb: true })).toEqual({ ok: true, value: { shown: false } });
    expect(await host.notify.show({ title: 'x', body: 'y', doNotDisturb: false })).toEqual({ ok: true, value: { shown: false } });
    expect(browser.shown).toHaveLength(0);
  });

  it('has nothing to show where the browser has no Notification API', async () => {
    const host = createWebHost({ ...recordingBrowser().env, notifications: null });
    expect(await host.notify.show({ title: 'x', body: 'y', doNotDisturb: false })).toEqual({ ok: true, value: { shown: false } });
  });
});
