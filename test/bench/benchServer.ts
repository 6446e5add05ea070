/**
 * A real backend for the browser benchmarks: `server/main.ts` in its own process on a cached SQLite file with
 * the `large` demo set (loaded once; later runs reuse the file), serving the built web console.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface BenchServer {
  baseUrl: string;
  /** Wall time from spawn to healthy (includes the demo load on the first run). */
  startMs: number;
  freshLoad: boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * `staticDir`: a web console built elsewhere (e.g. `electron-vite build --outDir`), default out/renderer.
 * `port`: a fixed port, so that a browser profile kept between runs finds its IndexedDB (same origin) again.
 */
export async function startBenchServer(size: 'small' | 'large', options: { staticDir?: string; port?: number } = {}): Promise<BenchServer> {
  const dir = resolve('.accord/bench');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${size}.sqlite`);
  const freshLoad = !existsSync(file);
  const port = options.port ?? (await freePort());
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${file}`,
      ACCORD_DEMO: size,
      ACCORD_STATIC_DIR: options.staticDir ?? resolve('out/renderer'),
      LOG_LEVEL: 'warn',
      // The browser figures measure the client; a scanner pass over 100,000 tickets would share the 2 cores.
      ACCORD_SLA_SCANNER: 'off',
      // The first bootstrap renders the snapshot and the server keeps it for the next ones (measured both ways).
      ACCORD_READY_SNAPSHOT: 'on-demand',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench server did not become healthy in 15 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    startMs: performance.now() - began,
    freshLoad,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
