import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The Electron-free half of starting the embedded backend: port, environment, health polling
 * and the words of the error dialog. backend.ts does the forking.
 */

export const embeddedBackendHost = '127.0.0.1';

/** Asks the OS for a free loopback port. Another process could take it before the backend binds; the health check then fails clearly. */
export function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, embeddedBackendHost, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the chosen port'))));
    });
  });
}

export function embeddedDatabaseUrl(userDataDir: string): string {
  return `sqlite:${join(userDataDir, 'accord.sqlite')}`;
}

/** The environment of the embedded backend (ARCHITECTURE.md, Running). */
export function embeddedBackendEnv(
  port: number,
  userDataDir: string,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) {
    // Never leak a remote database choice or Electron's own switches into the embedded server.
    if (value === undefined || key === 'DATABASE_URL' || key.startsWith('ELECTRON_')) continue;
    env[key] = value;
  }
  return {
    // Per-request logs would flood the desktop app's console; an explicit LOG_LEVEL still wins.
    LOG_LEVEL: 'warn',
    // One agent on this machine: no other agent's first sync would read a snapshot kept ready on disk.
    ACCORD_READY_SNAPSHOT: 'off',
    ...env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: embeddedBackendHost,
    DATABASE_URL: embeddedDatabaseUrl(userDataDir),
    // Demo data on first run: the server only loads it into an empty database.
    ACCORD_DEMO: 'small',
  };
}

export type BackendRuntime = 'utility-process' | 'node';

/**
 * Packaged apps run the backend in Electron's utilityProcess: electron-builder rebuilt
 * better-sqlite3 for Electron's ABI. From a source checkout node_modules holds the build for
 * plain Node, so `npm start` / `npm run dev` run it with the Node that npm used.
 */
export function chooseBackendRuntime(isPackaged: boolean, nodePath: string | undefined): BackendRuntime {
  return !isPackaged && nodePath !== undefined && nodePath !== '' ? 'node' : 'utility-process';
}

export interface BackendHealth {
  readonly status: 'ok';
  readonly db?: string;
  readonly version?: string;
}

export interface WaitForHealthOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Aborted when the child exits, so we stop waiting at once. */
  readonly signal?: AbortSignal;
  readonly fetchImpl?: typeof fetch;
}

export class BackendHealthTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly lastProblem: string,
  ) {
    super(`the backend did not answer /api/health within ${timeoutMs} ms (${lastProblem})`);
    this.name = 'BackendHealthTimeout';
  }
}

const healthAttemptTimeoutMs = 2000;

/** Polls `GET <baseUrl>/api/health` until it answers `{ status: "ok" }`. */
export async function waitForBackendHealth(baseUrl: string, options: WaitForHealthOptions): Promise<BackendHealth> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const deadline = performance.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    options.signal?.throwIfAborted();
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new BackendHealthTimeout(options.timeoutMs, lastProblem);
    try {
      const response = await fetchImpl(`${baseUrl}/api/health`, {
        // A fixed per-attempt budget (not "what is left"), so the last attempt is a fair one.
        signal: AbortSignal.any([AbortSignal.timeout(healthAttemptTimeoutMs), ...(options.signal ? [options.signal] : [])]),
      });
      if (response.ok) {
        const body: unknown = await response.json();
        if (typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok') {
          return body as BackendHealth;
        }
        lastProblem = 'health answered without status "ok"';
      } else {
        lastProblem = `health answered HTTP ${response.status}`;
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(Math.min(options.intervalMs, Math.max(0, deadline - performance.now())), options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keeps the last few kilobytes of the child's output for the error dialog. */
export class OutputTail {
  private text = '';
  constructor(private readonly maxChars = 4000) {}
  push(chunk: string | Uint8Array): void {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (this.text.length > this.maxChars) this.text = this.text.slice(-this.maxChars);
  }
  toString(): string {
    return this.text;
  }
}

export type BackendFailure =
  | { readonly kind: 'exited'; readonly exitCode: number | null; readonly output: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number; readonly lastProblem: string; readonly output: string }
  | { readonly kind: 'missing-entry'; readonly entryPath: string };

/** The text of the error dialog: what happened, the likely fix, and the tail of the log. */
export function describeBackendFailure(failure: BackendFailure): string {
  const lines: string[] = [];
  switch (failure.kind) {
    case 'exited':
      lines.push(`The local Accord backend stopped while starting (exit code ${failure.exitCode ?? 'unknown'}).`);
      break;
    case 'timeout':
      lines.push(`The local Accord backend did not become ready within ${Math.round(failure.timeoutMs / 1000)} s (${failure.lastProblem}).`);
      break;
    case 'missing-entry':
      lines.push(`The local Accord backend is missing (${failure.entryPath}). Run \`npm run build\` and start again.`);
      break;
    default: {
      const unknownKind: never = failure;
      throw new Error(`unknown backend failure ${JSON.stringify(unknownKind)}`);
    }
  }
  const output = failure.kind === 'missing-entry' ? '' : failure.output;
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(output)) {
    lines.push(
      'A native module (better-sqlite3) was built for a different runtime. From a source checkout start the app with ' +
        '`npm start`; for a packaged build let electron-builder rebuild native modules (`npx electron-builder install-app-deps`).',
    );
  } else if (/EADDRINUSE/.test(output)) {
    lines.push('Another program took the port the backend was given. Start Accord again.');
  }
  lines.push('You can also point Accord at a remote backend in Settings.');
  if (output.trim() !== '') lines.push('', 'Last output:', output.trim().split('\n').slice(-15).join('\n'));
  return lines.join('\n');
}
