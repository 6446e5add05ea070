import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listIpcChannels, type NotificationRequest } from '../../../shared/ipc/contract';
import { appOrigin } from '../appUrl';
import { createCredentialStore } from '../credentials';
import { readSettings, writeSettings } from '../settings';
import { handleIpcRequest } from './handleIpcRequest';
import { createIpcHandlers, type DesktopServices } from './handlers';

let dir: string;
let opened: string[];
let notifications: NotificationRequest[];
let services: DesktopServices;
const settingsFile = () => join(dir, 'settings.json');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-handlers-'));
  opened = [];
  notifications = [];
  services = {
    appInfo: { name: 'Accord', version: '0.1.0', platform: 'linux' },
    connection: { baseUrl: 'http://127.0.0.1:41234', mode: 'embedded' },
    credentials: createCredentialStore({ mode: 'memory-only', filePath: join(dir, 'credentials.bin'), cipher: { encryptString: () => Buffer.alloc(0), decryptString: () => '' }, backendKey: 'embedded' }),
    saveSettings: (settings) => writeSettings(settingsFile(), settings),
    // Fakes at the edge: Electron's shell and Notification.
    openExternal: async (href) => void opened.push(href),
    showNotification: (n) => (notifications.push(n), true),
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Calls a channel the way the Electron wrapper does: through the shared sender/schema checks. */
async function call(channel: string, ...args: unknown[]) {
  const handlers = createIpcHandlers(services) as unknown as Record<string, Record<string, (r: unknown) => unknown>>;
  const spec = listIpcChannels().find((c) => c.channel === channel);
  if (!spec) throw new Error(`no channel ${channel}`);
  const handler = handlers[spec.namespace]?.[spec.method];
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handleIpcRequest(spec, { frameUrl: 'app://accord/index.html', isTopFrame: true }, appOrigin, args, handler, () => {});
}

describe('desktop IPC handlers', () => {
  it('has a handler for every channel of the contract', () => {
    const handlers = createIpcHandlers(services) as unknown as Record<string, Record<string, unknown>>;
    for (const { namespace, method } of listIpcChannels()) expect(typeof handlers[namespace]?.[method]).toBe('function');
  });

  it('answers app.getInfo and backend.getConnection', async () => {
    expect(await call('app.getInfo')).toEqual({ ok: true, value: { name: 'Accord', version: '0.1.0', platform: 'linux' } });
    expect(await call('backend.getConnection')).toEqual({ ok: true, value: { baseUrl: 'http://127.0.0.1:41234', mode: 'embedded' } });
  });

  it('persists a normalised remote URL, and null, saying a restart is needed', async () => {
    expect(await call('backend.setRemoteUrl', 'https://Accord.Example.com/')).toEqual({
      ok: true,
      value: { remoteUrl: 'https://accord.example.com', restartRequired: true },
    });
    expect(await readSettings(settingsFile())).toEqual({ remoteBackendUrl: 'https://accord.example.com' });
    expect(await call('backend.setRemoteUrl', null)).toEqual({ ok: true, value: { remoteUrl: null, restartRequired: true } });
    expect(await readSettings(settingsFile())).toEqual({ remoteBackendUrl: null });
  });

  it('refuses an invalid remote URL without touching the settings', async () => {
    await call('backend.setRemoteUrl', 'https://accord.example.com');
    const result = await call('backend.setRemoteUrl', 'http://accord.example.com');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_url' } });
    expect(await readSettings(settingsFile())).toEqual({ remoteBackendUrl: 'https://accord.example.com' });
  });

  it('saves, loads and clears credentials', async () => {
    const credentials = { token: 'tok', agentEmail: 'tam@accord.demo' };
    expect(await call('credentials.load')).toEqual({ ok: true, value: null });
    expect(await call('credentials.save', credentials)).toEqual({ ok: true, value: null });
    expect(await call('credentials.load')).toEqual({ ok: true, value: credentials });
    expect(await call('credentials.clear')).toEqual({ ok: true, value: null });
    expect(await call('credentials.load')).toEqual({ ok: true, value: null });
  });

  it('opens only allowlisted links, and the re-serialised form', async () => {
    expect(await call('shell.openExternal', { url: 'HTTPS://Docs.Accord.App/sla' })).toEqual({ ok: true, value: null });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://accord.app', 'https://evil.com\\@accord.app', 'https://accord.app@evil.com']) {
      expect(await call('shell.openExternal', { url })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    }
    expect(opened).toEqual(['https://docs.accord.app/sla']);
  });

  it('shows notifications unless do-not-disturb is on', async () => {
    const ticketId = '0b6f4c1e-8a4d-4f8e-9c61-1f0f8d1e2a33';
    expect(await call('notify.show', { title: 'SLA breached', body: 'Acme · Sev 1', ticketId, doNotDisturb: false })).toEqual({ ok: true, value: { shown: true } });
    expect(await call('notify.show', { title: 'SLA breached', body: 'Acme · Sev 1', ticketId, doNotDisturb: true })).toEqual({ ok: true, value: { shown: false } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.ticketId).toBe(ticketId);
  });
});
