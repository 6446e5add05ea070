import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the renderer (unless ACCORD_E2E_SKIP_BUILD=1) and starts the real backend on a temporary SQLite database
 * with the small demo data set, serving the built web console. Returns the teardown.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the backend exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the backend did not become healthy at ${url} within ${timeoutMs} ms (${lastError})`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // A developer may point the suite at a backend they already run (both variables set): nothing to start.
  if (process.env.ACCORD_E2E_EXTERNAL === '1') {
    if (!process.env.ACCORD_E2E_BASE_URL || !process.env.ACCORD_E2E_DATABASE_URL) throw new Error('ACCORD_E2E_EXTERNAL=1 needs ACCORD_E2E_BASE_URL and ACCORD_E2E_DATABASE_URL');
    return async () => undefined;
  }
  const staticDir = join(root, 'out', 'renderer');
  if (process.env.ACCORD_E2E_SKIP_BUILD !== '1' || !existsSync(join(staticDir, 'index.html'))) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
    if (build.status !== 0) throw new Error('electron-vite build failed');
  }

  const port = process.env.ACCORD_E2E_PORT;
  if (!port) throw new Error('ACCORD_E2E_PORT is not set (playwright.config.ts sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  const databaseUrl = `sqlite:${join(dir, 'e2e.sqlite')}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: port,
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ACCORD_DEMO: 'small',
      ACCORD_STATIC_DIR: staticDir,
      LOG_LEVEL: process.env.ACCORD_E2E_LOG_LEVEL ?? 'warn',
      // The suite signs in as the same few agents dozens of times a minute; the limit itself has its own test.
      ACCORD_LOGINS_PER_MINUTE: '600',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.env.ACCORD_E2E_DATABASE_URL = databaseUrl;
  process.env.ACCORD_E2E_BASE_URL = baseUrl;
  try {
    await waitForHealth(baseUrl, child, 180_000);
  } catch (e) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
