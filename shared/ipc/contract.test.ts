import { describe, expect, it } from 'vitest';
import { ipcChannel, ipcContract, listIpcChannels } from './contract';

describe('ipcContract', () => {
  it('lists every channel as <namespace>.<method>', () => {
    expect(listIpcChannels().map((c) => c.channel).sort()).toEqual([
      'app.getInfo',
      'backend.getConnection',
      'backend.setRemoteUrl',
      'credentials.clear',
      'credentials.load',
      'credentials.save',
      'notify.show',
      'shell.openExternal',
    ]);
    expect(ipcChannel('backend', 'setRemoteUrl')).toBe('backend.setRemoteUrl');
  });

  it('channels without arguments refuse arguments', () => {
    expect(ipcContract.app.getInfo.request.safeParse(undefined).success).toBe(true);
    expect(ipcContract.app.getInfo.request.safeParse({ sneaky: true }).success).toBe(false);
  });

  it('credentials need a token and an e-mail address', () => {
    const save = ipcContract.credentials.save.request;
    expect(save.safeParse({ token: 't', agentEmail: 'tier1@accord.demo' }).success).toBe(true);
    expect(save.safeParse({ token: '', agentEmail: 'tier1@accord.demo' }).success).toBe(false);
    expect(save.safeParse({ token: 't', agentEmail: 'not an email' }).success).toBe(false);
    expect(save.safeParse({ token: 't'.repeat(5000), agentEmail: 'tier1@accord.demo' }).success).toBe(false);
  });

  it('notifications carry an optional ticket UUID and a required do-not-disturb flag', () => {
    const show = ipcContract.notify.show.request;
    const ticketId = '0b6f4c1e-8a4d-4f8e-9c61-1f0f8d1e2a33';
    expect(show.safeParse({ title: 'SLA breached', body: 'Acme', ticketId, doNotDisturb: false }).success).toBe(true);
    expect(show.safeParse({ title: 'SLA breached', body: 'Acme', doNotDisturb: true }).success).toBe(true);
    expect(show.safeParse({ title: 'SLA breached', body: 'Acme' }).success).toBe(false);
    expect(show.safeParse({ title: 'SLA breached', body: 'Acme', ticketId: '../etc', doNotDisturb: false }).success).toBe(false);
    expect(show.safeParse({ title: '', body: 'Acme', doNotDisturb: false }).success).toBe(false);
  });

  it('setRemoteUrl takes a string or null', () => {
    const req = ipcContract.backend.setRemoteUrl.request;
    expect(req.safeParse(null).success).toBe(true);
    expect(req.safeParse('https://accord.example.com').success).toBe(true);
    expect(req.safeParse(undefined).success).toBe(false);
    expect(req.safeParse(42).success).toBe(false);
  });
});
