import { describe, expect, it } from 'vitest';
import { ipcContract } from '../../../shared/ipc/contract';
import { appOrigin } from '../appUrl';
import { handleIpcRequest, IpcHandlerError, type IpcChannelSpec } from './handleIpcRequest';

const trusted = { frameUrl: 'app://accord/index.html', isTopFrame: true };
const saveSpec: IpcChannelSpec = { channel: 'credentials.save', ...ipcContract.credentials.save };
const loadSpec: IpcChannelSpec = { channel: 'credentials.load', ...ipcContract.credentials.load };

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: (message: string) => void lines.push(message) };
}

describe('handleIpcRequest', () => {
  it('passes parsed arguments to the handler and wraps its value', async () => {
    const seen: unknown[] = [];
    const { log } = recordingLog();
    const result = await handleIpcRequest(
      saveSpec,
      trusted,
      appOrigin,
      [{ token: 'abc', agentEmail: 'tier1@accord.demo' }],
      (request) => {
        seen.push(request);
        return null;
      },
      log,
    );
    expect(result).toEqual({ ok: true, value: null });
    expect(seen).toEqual([{ token: 'abc', agentEmail: 'tier1@accord.demo' }]);
  });

  it('refuses an untrusted sender without calling the handler', async () => {
    let called = false;
    const { lines, log } = recordingLog();
    const result = await handleIpcRequest(
      loadSpec,
      { frameUrl: 'https://evil.com/', isTopFrame: true },
      appOrigin,
      [],
      () => {
        called = true;
        return null;
      },
      log,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(called).toBe(false);
    expect(lines.join('\n')).toContain('untrusted');
  });

  it('refuses a trusted URL in a subframe', async () => {
    const { log } = recordingLog();
    const result = await handleIpcRequest(loadSpec, { ...trusted, isTopFrame: false }, appOrigin, [], () => null, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('rejects arguments that do not match the schema, naming the field', async () => {
    const { log } = recordingLog();
    const result = await handleIpcRequest(saveSpec, trusted, appOrigin, [{ token: 'abc', agentEmail: 'nope' }], () => null, log);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toContain('agentEmail');
    }
  });

  it('rejects extra arguments and arguments on no-argument channels', async () => {
    const { log } = recordingLog();
    expect(await handleIpcRequest(loadSpec, trusted, appOrigin, [undefined, 1], () => null, log)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await handleIpcRequest(loadSpec, trusted, appOrigin, [{ x: 1 }], () => null, log)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('turns IpcHandlerError into its code and message', async () => {
    const { log } = recordingLog();
    const result = await handleIpcRequest(loadSpec, trusted, appOrigin, [], () => {
      throw new IpcHandlerError('unavailable', 'The keyring is locked.');
    }, log);
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'The keyring is locked.' } });
  });

  it('hides unexpected errors behind a generic internal error and logs them', async () => {
    const { lines, log } = recordingLog();
    const result = await handleIpcRequest(loadSpec, trusted, appOrigin, [], async () => {
      throw new Error('ENOENT /home/agent/.config/Accord/secret');
    }, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toContain('/home/agent');
    expect(lines).toHaveLength(1);
  });

  it('refuses to return a value outside the response schema', async () => {
    const { lines, log } = recordingLog();
    const result = await handleIpcRequest(loadSpec, trusted, appOrigin, [], () => ({ token: 'abc' }), log);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(lines.join('\n')).toContain('response schema');
  });
});
