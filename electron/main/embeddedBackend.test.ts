import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendStartError, launchWithNode, superviseBackend } from './embeddedBackend';

/**
 * The supervisor is tested with real child processes. The child is a stand-in for
 * out/main/server.js (named as such): a few lines of Node that behave like the backend's
 * process contract — read PORT/HOST, answer /api/health, exit on SIGTERM — or misbehave.
 */
const standInServer = `
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
const mode = process.env.STAND_IN_MODE ?? 'healthy';
if (mode === 'crash') { console.error('boom: cannot open database'); process.exit(3); }
writeFileSync(process.env.STAND_IN_ENV_FILE, JSON.stringify({ PORT: process.env.PORT, HOST: process.env.HOST, DATABASE_URL: process.env.DATABASE_URL, ACCORD_DEMO: process.env.ACCORD_DEMO }));
const server = createServer((req, res) => {
  if (mode === 'never-ready') { res.writeHead(503).end(); return; }
  if (req.url === '/crash') process.exit(7);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', db: 'sqlite', version: 'stand-in' }));
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('stand-in listening'));
process.once('SIGTERM', () => { writeFileSync(process.env.STAND_IN_ENV_FILE + '.stopped', 'yes'); server.close(() => process.exit(0)); });
`;

let dir: string;
let entry: string;
let envFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-backend-'));
  entry = join(dir, 'server.mjs');
  envFile = join(dir, 'env.json');
  await writeFile(entry, standInServer);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(mode: string, extra: { timeoutMs?: number; onUnexpectedExit?: (code: number | null) => void } = {}) {
  return {
    serverEntry: entry,
    userDataDir: dir,
    launch: launchWithNode(process.execPath),
    baseEnv: { PATH: process.env.PATH, STAND_IN_MODE: mode, STAND_IN_ENV_FILE: envFile },
    timeoutMs: extra.timeoutMs ?? 10_000,
    log: () => {},
    onUnexpectedExit: extra.onUnexpectedExit ?? (() => {}),
  };
}

describe('superviseBackend', () => {
  it('starts the backend on a loopback port with the embedded environment and stops it with SIGTERM', async () => {
    let unexpected = 0;
    const backend = await superviseBackend(options('healthy', { onUnexpectedExit: () => void unexpected++ }));
    expect(backend.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await (await fetch(`${backend.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok' });

    const env = JSON.parse(await readFile(envFile, 'utf8'));
    expect(env).toEqual({
      PORT: new URL(backend.baseUrl).port,
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'accord.sqlite')}`,
      ACCORD_DEMO: 'small',
    });

    await backend.stop();
    expect(await readFile(`${envFile}.stopped`, 'utf8')).toBe('yes');
    await expect(fetch(`${backend.baseUrl}/api/health`)).rejects.toThrow();
    expect(unexpected).toBe(0);
  });

  it('fails fast with the output when the backend exits while starting', async () => {
    const started = performance.now();
    const error = await superviseBackend(options('crash')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendStartError);
    const failure = (error as BackendStartError).failure;
    expect(failure).toMatchObject({ kind: 'exited', exitCode: 3 });
    expect((error as Error).message).toContain('boom: cannot open database');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('gives up after the timeout and kills a backend that never becomes healthy', async () => {
    const error = await superviseBackend(options('never-ready', { timeoutMs: 1500 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendStartError);
    expect((error as BackendStartError).failure).toMatchObject({ kind: 'timeout', lastProblem: 'health answered HTTP 503' });
    // SIGTERM was sent: the stand-in records it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readFile(`${envFile}.stopped`, 'utf8')).toBe('yes');
  });

  it('reports a crash after start', async () => {
    const exits: Array<number | null> = [];
    const backend = await superviseBackend(options('healthy', { onUnexpectedExit: (code) => void exits.push(code) }));
    await fetch(`${backend.baseUrl}/crash`).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(exits).toEqual([7]);
    await backend.stop(); // a no-op now, and must not hang
  });

  it('explains a missing server bundle', async () => {
    const error = await superviseBackend({ ...options('healthy'), serverEntry: join(dir, 'missing.js') }).catch((e: unknown) => e);
    expect((error as BackendStartError).failure).toEqual({ kind: 'missing-entry', entryPath: join(dir, 'missing.js') });
  });

  it('reports a Node binary that cannot be started as an exit', async () => {
    const error = await superviseBackend({ ...options('healthy'), launch: launchWithNode(join(dir, 'no-such-node')) }).catch((e: unknown) => e);
    expect((error as BackendStartError).failure).toMatchObject({ kind: 'exited', exitCode: null });
    expect((error as Error).message).toContain('could not start');
  });
});
