import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  BackendHealthTimeout,
  describeBackendFailure,
  embeddedBackendEnv,
  embeddedBackendHost,
  findFreeLoopbackPort,
  OutputTail,
  waitForBackendHealth,
  type BackendFailure,
} from './backendLaunch';

/**
 * Supervises the embedded backend process: pick a port, start it, wait for /api/health, stop
 * it on quit, report a crash. How the process is started is injected (backend.ts passes
 * Electron's utilityProcess or plain Node), so this runs and is tested without Electron.
 */

export interface EmbeddedBackend {
  readonly baseUrl: string;
  /** Asks the backend to exit (SIGTERM: it closes the database) and waits a few seconds at most. */
  stop(): Promise<void>;
}

export class BackendStartError extends Error {
  constructor(readonly failure: BackendFailure) {
    super(describeBackendFailure(failure));
    this.name = 'BackendStartError';
  }
}

/** A started backend process, whatever started it. */
export interface BackendChild {
  /** Called exactly once. */
  onExit(listener: (exitCode: number | null) => void): void;
  kill(): void;
}

export type BackendLauncher = (entry: string, env: Record<string, string>, onOutput: (chunk: Buffer | string) => void) => BackendChild;

export interface SuperviseBackendOptions {
  /** out/main/server.js */
  readonly serverEntry: string;
  readonly userDataDir: string;
  readonly launch: BackendLauncher;
  readonly timeoutMs?: number;
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  /** The backend died after it was ready (not through stop()). */
  readonly onUnexpectedExit: (exitCode: number | null, output: string) => void;
}

const stopGraceMs = 5000;

export async function superviseBackend(options: SuperviseBackendOptions): Promise<EmbeddedBackend> {
  if (!existsSync(options.serverEntry)) throw new BackendStartError({ kind: 'missing-entry', entryPath: options.serverEntry });

  const timeoutMs = options.timeoutMs ?? 45_000;
  const port = await findFreeLoopbackPort();
  const baseUrl = `http://${embeddedBackendHost}:${port}`;
  const env = embeddedBackendEnv(port, options.userDataDir, options.baseEnv ?? process.env);
  const output = new OutputTail();
  const child = options.launch(options.serverEntry, env, (chunk) => {
    output.push(chunk);
    options.log(`[backend] ${String(chunk).trimEnd()}`);
  });

  let phase: 'starting' | 'ready' | 'stopping' | 'exited' = 'starting';
  // Read through a function: the exit listener changes `phase` behind the compiler's back.
  const currentPhase = () => phase;
  let exitCode: number | null = null;
  const exitedWhileStarting = new AbortController();
  const exited = new Promise<void>((resolve) => {
    child.onExit((code) => {
      const previous = phase;
      phase = 'exited';
      exitCode = code;
      resolve();
      if (previous === 'starting') exitedWhileStarting.abort(new Error(`backend exited with code ${code ?? 'unknown'}`));
      if (previous === 'ready') options.onUnexpectedExit(code, output.toString());
    });
  });

  try {
    await waitForBackendHealth(baseUrl, { timeoutMs, intervalMs: 150, signal: exitedWhileStarting.signal });
  } catch (error) {
    if (currentPhase() === 'exited') throw new BackendStartError({ kind: 'exited', exitCode, output: output.toString() });
    phase = 'stopping';
    child.kill();
    const lastProblem = error instanceof BackendHealthTimeout ? error.lastProblem : String(error);
    throw new BackendStartError({ kind: 'timeout', timeoutMs, lastProblem, output: output.toString() });
  }
  phase = 'ready';

  return {
    baseUrl,
    async stop() {
      if (currentPhase() === 'exited') return;
      phase = 'stopping';
      child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, stopGraceMs).unref())]);
    },
  };
}

/** Starts the backend with a plain Node binary (source checkouts; see chooseBackendRuntime). */
export function launchWithNode(nodePath: string): BackendLauncher {
  return (entry, env, onOutput) => {
    const child = spawn(nodePath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    return {
      onExit: (listener) => {
        let reported = false;
        const report = (code: number | null) => {
          if (reported) return;
          reported = true;
          listener(code);
        };
        child.once('exit', (code) => report(code));
        child.once('error', (error) => {
          onOutput(`could not start ${nodePath}: ${error.message}\n`);
          report(null);
        });
      },
      kill: () => void child.kill('SIGTERM'),
    };
  };
}
