import { utilityProcess } from 'electron';
import { chooseBackendRuntime } from './backendLaunch';
import { launchWithNode, superviseBackend, type BackendLauncher, type EmbeddedBackend } from './embeddedBackend';

export { BackendStartError, type EmbeddedBackend } from './embeddedBackend';

export interface StartEmbeddedBackendOptions {
  /** out/main/server.js */
  readonly serverEntry: string;
  readonly userDataDir: string;
  readonly isPackaged: boolean;
  /** The Node binary that ran `npm start` / `npm run dev` (source checkouts only). */
  readonly nodePath: string | undefined;
  readonly log: (line: string) => void;
  readonly onUnexpectedExit: (exitCode: number | null, output: string) => void;
}

/**
 * Starts the embedded backend (SQLite in userData, demo data on first run) and resolves once
 * it answers /api/health. Rejects with BackendStartError, whose message is the error dialog.
 */
export function startEmbeddedBackend(options: StartEmbeddedBackendOptions): Promise<EmbeddedBackend> {
  const runtime = chooseBackendRuntime(options.isPackaged, options.nodePath);
  const launch = runtime === 'node' && options.nodePath !== undefined ? launchWithNode(options.nodePath) : launchInUtilityProcess;
  options.log(`starting the embedded backend (${runtime})`);
  return superviseBackend({
    serverEntry: options.serverEntry,
    userDataDir: options.userDataDir,
    launch,
    log: options.log,
    onUnexpectedExit: options.onUnexpectedExit,
  });
}

const launchInUtilityProcess: BackendLauncher = (entry, env, onOutput) => {
  const child = utilityProcess.fork(entry, [], { env, stdio: 'pipe', serviceName: 'Accord backend' });
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  return {
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
};
