import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendHealthTimeout,
  chooseBackendRuntime,
  describeBackendFailure,
  embeddedBackendEnv,
  findFreeLoopbackPort,
  OutputTail,
  waitForBackendHealth,
} from './backendLaunch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A real HTTP server on loopback that answers /api/health from `answer(requestNumber)`. */
async function healthServer(answer: (n: number) => { status: number; body: unknown }): Promise<{ baseUrl: string; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/api/health') {
      res.writeHead(404).end();
      return;
    }
    const { status, body } = answer(++count);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { baseUrl: `http://127.0.0.1:${address.port}`, requests: () => count };
}

describe('findFreeLoopbackPort', () => {
  it('returns a port that can then be bound on 127.0.0.1', async () => {
    const port = await findFreeLoopbackPort();
    expect(port).toBeGreaterThan(0);
    const server = createTcpServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('embeddedBackendEnv', () => {
  it('keeps an explicit LOG_LEVEL', () => {
    expect(embeddedBackendEnv(1, '/tmp', { LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });

  it('sets the documented variables and strips a leaked DATABASE_URL and Electron switches', () => {
    const env = embeddedBackendEnv(45678, '/home/a/.config/Accord', {
      PATH: '/usr/bin',
      DATABASE_URL: 'postgres://prod',
      ELECTRON_RUN_AS_NODE: '1',
      ELECTRON_RENDERER_URL: 'http://localhost:5173',
      EMPTY: undefined,
    });
    expect(env).toEqual({
      LOG_LEVEL: 'warn',
      ACCORD_READY_SNAPSHOT: 'off',
      PATH: '/usr/bin',
      NODE_ENV: 'production',
      PORT: '45678',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join('/home/a/.config/Accord', 'accord.sqlite')}`,
      ACCORD_DEMO: 'small',
    });
  });
});

describe('chooseBackendRuntime', () => {
  it('uses the utility process when packaged and plain Node from a checkout', () => {
    expect(chooseBackendRuntime(true, '/usr/bin/node')).toBe('utility-process');
    expect(chooseBackendRuntime(false, '/usr/bin/node')).toBe('node');
    expect(chooseBackendRuntime(false, undefined)).toBe('utility-process');
    expect(chooseBackendRuntime(false, '')).toBe('utility-process');
  });
});

describe('waitForBackendHealth', () => {
  it('keeps polling through errors until health says ok', async () => {
    const server = await healthServer((n) => (n < 3 ? { status: 503, body: { status: 'starting' } } : { status: 200, body: { status: 'ok', db: 'sqlite', version: '0.1.0' } }));
    const health = await waitForBackendHealth(server.baseUrl, { timeoutMs: 5000, intervalMs: 10 });
    expect(health).toEqual({ status: 'ok', db: 'sqlite', version: '0.1.0' });
    expect(server.requests()).toBe(3);
  });

  it('does not accept a 200 without status ok', async () => {
    const server = await healthServer(() => ({ status: 200, body: { hello: 'world' } }));
    await expect(waitForBackendHealth(server.baseUrl, { timeoutMs: 200, intervalMs: 20 })).rejects.toThrow(/status "ok"/);
  });

  it('times out with the last problem when nothing listens', async () => {
    const port = await findFreeLoopbackPort();
    const started = performance.now();
    const error = await waitForBackendHealth(`http://127.0.0.1:${port}`, { timeoutMs: 300, intervalMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendHealthTimeout);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops at once when aborted (the child exited)', async () => {
    const port = await findFreeLoopbackPort();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('child exited')), 50);
    await expect(waitForBackendHealth(`http://127.0.0.1:${port}`, { timeoutMs: 10_000, intervalMs: 20, signal: controller.signal })).rejects.toThrow('child exited');
  });
});

describe('OutputTail', () => {
  it('keeps only the last characters', () => {
    const tail = new OutputTail(10);
    tail.push('0123456789');
    tail.push(Buffer.from('abc'));
    expect(tail.toString()).toBe('3456789abc');
  });
});

describe('describeBackendFailure', () => {
  it('explains an ABI mismatch of better-sqlite3', () => {
    const text = describeBackendFailure({
      kind: 'exited',
      exitCode: 1,
      output: "Error: The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
    });
    expect(text).toContain('exit code 1');
    expect(text).toContain('better-sqlite3');
    expect(text).toContain('NODE_MODULE_VERSION 115');
  });

  it('describes a timeout and a missing entry', () => {
    expect(describeBackendFailure({ kind: 'timeout', timeoutMs: 30_000, lastProblem: 'ECONNREFUSED', output: '' })).toContain('30 s (ECONNREFUSED)');
    expect(describeBackendFailure({ kind: 'missing-entry', entryPath: '/x/out/main/server.js' })).toContain('npm run build');
  });
});
