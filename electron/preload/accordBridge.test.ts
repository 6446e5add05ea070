import { describe, expect, it } from 'vitest';
import { ipcEventContract, listIpcChannels } from '../../shared/ipc/contract';
import { createAccordBridge } from './accordBridge';

/** A recorder standing in for Electron's ipcRenderer (the edge of the system). */
function recordingIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    invoked,
    listeners,
    emit: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, payload)),
    ipc: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, value: null };
      },
      on(channel: string, listener: (...args: unknown[]) => void) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
        return this;
      },
      removeListener(channel: string, listener: (...args: unknown[]) => void) {
        listeners.get(channel)?.delete(listener);
        return this;
      },
    },
  };
}

describe('createAccordBridge', () => {
  it('exposes exactly one function per channel, each invoking its own channel', async () => {
    const recorder = recordingIpc();
    const bridge = createAccordBridge(recorder.ipc as never) as unknown as Record<string, Record<string, (arg?: unknown) => unknown>>;
    const channels = listIpcChannels();
    for (const { channel, namespace, method } of channels) {
      const fn = bridge[namespace]?.[method];
      expect(typeof fn, channel).toBe('function');
      recorder.invoked.length = 0;
      await fn?.({ marker: channel });
      const expectedArgs = fn?.length === 0 ? [] : [{ marker: channel }];
      expect(recorder.invoked, channel).toEqual([{ channel, args: expectedArgs }]);
    }

    const eventMethods = Object.entries(ipcEventContract).flatMap(([ns, events]) =>
      Object.keys(events).map((e) => `${ns}.on${e[0]?.toUpperCase()}${e.slice(1)}`),
    );
    const exposed = Object.entries(bridge).flatMap(([ns, fns]) => Object.keys(fns).map((m) => `${ns}.${m}`));
    expect(exposed.sort()).toEqual([...channels.map((c) => c.channel), ...eventMethods].sort());
  });

  it('event subscriptions forward only the payload and unsubscribe', () => {
    const recorder = recordingIpc();
    const bridge = createAccordBridge(recorder.ipc as never);
    const seen: unknown[] = [];
    const unsubscribe = bridge.notify.onClicked((payload) => seen.push(payload));
    recorder.emit('notify.clicked', { ticketId: 't-1' });
    unsubscribe();
    recorder.emit('notify.clicked', { ticketId: 't-2' });
    expect(seen).toEqual([{ ticketId: 't-1' }]);
    expect(recorder.listeners.get('notify.clicked')?.size).toBe(0);
  });
});
