/**
 * The SLA breach scanner's full pass over the `large` demo set (issue 4), on a private copy of the cached
 * SQLite file (the original under .accord/bench is never written). better-sqlite3 is synchronous, so a pass
 * that never yields would block every request while it runs: this measures the pass time, the longest time
 * the event loop was blocked during it (gaps between setImmediate turns), and how long a real HTTP request
 * (GET /api/health on the same server) waited while the pass ran. Prints figures, never fails.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { SlaScanner } from '../../server/sla/slaScanner';
import type { BenchFigure } from './figures';
import { percentile } from './figures';

export interface SlaScannerPassResult {
  openTickets: number;
  evaluated: number;
  inserted: number;
  actions: number;
  passMs: number;
  /** Longest gap between two event-loop turns while the pass ran (wall time). */
  longestBlockMs: number;
  /** CPU time the process used in its longest-CPU gap (what the pass itself costs, without the OS's other work). */
  longestBlockCpuMs: number;
  /** Load average (1 min) when the pass ended: wall-time figures on a busy machine include others' work. */
  loadAverage: number;
  healthRequests: number;
  healthP95Ms: number;
  healthMaxMs: number;
}

/** Copies the large demo database to a temporary file (the original is only read). */
function privateCopy(): { path: string; remove(): void } {
  const source = resolve('.accord/bench/large.sqlite');
  if (!existsSync(source)) throw new Error(`${source} is missing: run the browser benches once (npm run bench) to create it`);
  const path = join(tmpdir(), `accord-sla-scan-${process.pid}-${Date.now()}.sqlite`);
  copyFileSync(source, path);
  return { path, remove: () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true })) };
}

/**
 * Records the longest gap between consecutive event-loop turns until `stop()` is called, in wall time and in
 * the process's CPU time over that gap (on a loaded machine wall time also counts time the OS gave to others).
 */
function watchEventLoop(): { stop(): { wallMs: number; cpuMs: number } } {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let wallMs = 0;
  let cpuMs = 0;
  let running = true;
  const measure = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    wallMs = Math.max(wallMs, now - last);
    cpuMs = Math.max(cpuMs, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
  };
  const turn = () => {
    measure();
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop() {
      running = false;
      // The stretch since the last turn counts too (a pass that never yields has only this one).
      measure();
      return { wallMs, cpuMs };
    },
  };
}

/** Requests GET `url` back to back from a worker thread until stopped; answers each request's latency (ms). */
function healthClient(url: string): { started: Promise<void>; stop(): Promise<number[]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const latencies = [];
     let running = true;
     parentPort.on('message', () => { running = false; });
     (async () => {
       parentPort.postMessage('started');
       while (running) {
         const began = performance.now();
         await fetch(workerData.url).then((r) => r.arrayBuffer());
         latencies.push(performance.now() - began);
       }
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: { url } },
  );
  const messages: unknown[] = [];
  const waiters: Array<() => void> = [];
  worker.on('message', (m: unknown) => {
    messages.push(m);
    waiters.shift()?.();
  });
  const next = () => new Promise<unknown>((done) => (messages.length > 0 ? done(messages.shift()) : waiters.push(() => done(messages.shift()))));
  return {
    started: next().then(() => undefined),
    async stop() {
      worker.postMessage('stop');
      const latencies = (await next()) as number[];
      await worker.terminate();
      return latencies;
    },
  };
}

export async function benchSlaScannerPass(): Promise<SlaScannerPassResult> {
  const copy = privateCopy();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${copy.path}`,
    LOG_LEVEL: 'warn',
    ACCORD_STATIC_DIR: '/nonexistent-accord-static',
    // This bench drives its own scanner so that the pass it measures is exactly one full pass.
    ACCORD_SLA_SCANNER: 'off',
    // The pass alone: no ready bootstrap snapshot rendering at start-up beside it.
    ACCORD_READY_SNAPSHOT: 'off',
  });
  const app = await buildApp(config);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const openTickets = Number(
      (
        await app.accord.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', 'in', ['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering'])
          .executeTakeFirstOrThrow()
      ).n,
    );

    const scanner = new SlaScanner(app.accord);
    // A client in another thread (its own event loop, like a real client) keeps asking the server for its health
    // while the pass runs: each answer's wait is what a real request would have waited.
    const client = healthClient(`http://127.0.0.1:${port}/api/health`);
    await client.started;
    const loop = watchEventLoop();
    const began = performance.now();
    const result = await scanner.scanAll();
    const passMs = performance.now() - began;
    const blocks = loop.stop();
    const latencies = await client.stop();
    return {
      openTickets,
      evaluated: result.evaluated,
      inserted: result.inserted.length,
      actions: result.actions.length,
      passMs,
      longestBlockMs: blocks.wallMs,
      longestBlockCpuMs: blocks.cpuMs,
      loadAverage: loadavg()[0] ?? 0,
      healthRequests: latencies.length,
      healthP95Ms: percentile(latencies, 95),
      healthMaxMs: Math.max(...latencies),
    };
  } finally {
    await app.close();
    copy.remove();
  }
}

export function slaScannerFigures(r: SlaScannerPassResult): BenchFigure[] {
  return [
    {
      name: `SLA scanner full pass over the large set (${r.openTickets} open tickets)`,
      value: r.passMs / 1000,
      unit: 's',
      target: 'info',
      ok: true,
      detail: `${r.evaluated} evaluated, ${r.inserted} events stored, ${r.actions} breach actions`,
    },
    {
      name: 'SLA scanner: longest event-loop block during the pass',
      value: r.longestBlockMs,
      unit: 'ms',
      target: '≤ ~50 ms',
      ok: r.longestBlockMs <= 50,
      detail: `longest block in CPU time ${r.longestBlockCpuMs.toFixed(1)} ms; load average ${r.loadAverage.toFixed(2)}`,
    },
    {
      name: 'GET /api/health while the pass runs, p95',
      value: r.healthP95Ms,
      unit: 'ms',
      target: 'info',
      ok: true,
      detail: `${r.healthRequests} requests, slowest ${r.healthMaxMs.toFixed(1)} ms`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchSlaScannerPass();
  console.log(JSON.stringify(r, null, 2));
}
