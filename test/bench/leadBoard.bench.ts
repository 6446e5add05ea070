/**
 * Lead board speed (issue: "Lead board with 2,000 live countdowns in headless Chromium: main thread busy under
 * 10 % over 30 s and no long task over 50 ms").
 *
 * Two parts:
 * 1. `benchLeadBoardModel` (Node, runs here): the per-data-change work of the board for 2,000 open tickets —
 *    grouping/flattening, breach forecast, attainment over 30 days of events — and the per-tick work (which is
 *    only `dueAt - now` for the visible rows). Prints figures, never fails.
 * 2. `benchLeadBoardBrowser` (headless Chromium against the bench server with the large set): the lead opens the
 *    board showing every team (more than 2,000 open tickets, each with a live countdown as it scrolls into the
 *    virtualised list), and for 30 s the main thread's busy share (CDP `Performance.getMetrics` TaskDuration) and
 *    every long task (PerformanceObserver 'longtask') are recorded while the list is scrolled now and then.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { Agent, SlaEvent, Team, Ticket } from '../../shared/domain';
import { breachForecast } from '../../renderer/src/features/lead/breachForecast';
import { endOfLocalDay, localDayStarts } from '../../renderer/src/features/lead/localDay';
import { buildLeadBoardItems } from '../../renderer/src/features/lead/leadBoardModel';
import { slaAttainment } from '../../renderer/src/features/lead/slaAttainment';
import type { BenchServer } from './benchServer';
import { bootstrapState, chromiumArgs, openProfile } from './browser.bench';
import { Random } from '../../server/demo/random';
import { printFigures, runBenchMain, type BenchFigure } from './figures';
import { syntheticUuid } from './syntheticIds';

export const leadBoardBrowserBench = {
  /** Backend with the large demo set; sign in as the demo lead (password accord-demo). */
  backend: { env: { ACCORD_DEMO: 'large' }, login: 'lead@accord.demo' },
  /**
   * Show every team (the large set spreads open tickets over teams): before navigating, set
   * localStorage['accord.leadBoard'] = JSON.stringify({ state: { groupBy: 'agent', scope: 'all', notifications: false, doNotDisturb: true }, version: 0 }).
   * Notifications off so the permission prompt never appears in headless Chromium.
   */
  localStorage: {
    'accord.leadBoard': JSON.stringify({ state: { groupBy: 'agent', scope: 'all', notifications: false, doNotDisturb: true }, version: 0 }),
  },
  route: '#/lead',
  /** Wait for this mark (first render with rows), then measure for 30 s. */
  readyMark: 'accord:lead-board-ready',
  testIds: {
    board: 'lead-board',
    list: 'lead-board-list',
    row: 'lead-row',
    forecast: ['forecast-overdue', 'forecast-1h', 'forecast-4h', 'forecast-today'],
  },
  /** Per data change the board records this measure (ms); per tick nothing but the countdown text changes. */
  rowsMeasure: 'accord:lead-board-rows',
  /**
   * Main-thread busy share: CDP `Performance.getMetrics` → delta of `TaskDuration` over the 30 s divided by 30 s
   * (or the sum of `longtask` + a trace). Long tasks: inject `collectLongTasks` with page.evaluate before the
   * window and read `window.__accordLongTasks` after it.
   */
  openTicketsNeeded: 2000,
} as const;

/** In-page: records every long task (> 50 ms) into window.__accordLongTasks. Pass to page.evaluate. */
export function collectLongTasks(): void {
  const store: Array<{ start: number; duration: number }> = [];
  (globalThis as unknown as { __accordLongTasks: typeof store }).__accordLongTasks = store;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) store.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}


export async function benchLeadBoardModel(openTickets = 2000): Promise<Record<string, number>> {
  const rng = new Random(7);
  const random = () => rng.next();
  const now = Date.UTC(2026, 2, 2, 10, 0, 0);
  const teams = new Map<string, Team>(
    Array.from({ length: 8 }, (_, i) => [syntheticUuid(100 + i), { id: syntheticUuid(100 + i), name: `Pod ${i}`, leadId: null, tier: 1, version: 1, updatedAt: 0 }]),
  );
  const agents = new Map<string, Agent>(
    Array.from({ length: 80 }, (_, i) => {
      const agent = { id: syntheticUuid(1000 + i), name: `Agent ${i}`, teamId: syntheticUuid(100 + (i % 8)) } as Agent;
      return [agent.id, agent];
    }),
  );
  const agentIds = [...agents.keys()];
  const rows = Array.from({ length: openTickets }, (_, i) => {
    const ticket = {
      id: syntheticUuid(10_000 + i),
      number: i + 1,
      ownerId: random() < 0.1 ? null : agentIds[Math.floor(random() * agentIds.length)]!,
      teamId: syntheticUuid(100 + (i % 8)),
      severity: (1 + Math.floor(random() * 4)) as Ticket['severity'],
      status: 'open',
    } as Ticket;
    const dueAt = random() < 0.15 ? null : now + Math.round((random() * 2 - 0.2) * 24 * 3_600_000);
    return { ticket, dueAt };
  });
  rows.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
  const events: SlaEvent[] = [];
  for (let i = 0; i < openTickets * 5; i += 1) {
    const ticketId = rows[i % openTickets]!.ticket.id;
    const at = now - Math.floor(random() * 30 * 86_400_000);
    const kind = random() < 0.12 ? 'breach' : 'fulfil';
    events.push({ id: `${ticketId}/first_response/${i}/${kind}/${at}`, ticketId, metric: 'first_response', kind, at });
  }
  const severity = new Map(rows.map((r) => [r.ticket.id, r.ticket.severity]));

  const time = (fn: () => void, repeat = 20): number => {
    fn();
    const began = performance.now();
    for (let i = 0; i < repeat; i += 1) fn();
    return (performance.now() - began) / repeat;
  };
  const endOfToday = endOfLocalDay(now, 'Europe/Berlin');
  const dayStarts = localDayStarts(now, 'Europe/Berlin', 30);
  let sink = 0;
  const figures = {
    openTickets,
    groupItemsMs: time(() => void (sink += buildLeadBoardItems(rows, 'agent', agents, teams).length)),
    groupByTeamMs: time(() => void (sink += buildLeadBoardItems(rows, 'team', agents, teams).length)),
    forecastMs: time(() => void (sink += breachForecast(rows, now, endOfToday).today)),
    attainmentMs: time(() => void (sink += slaAttainment(events, (id) => severity.get(id), now, dayStarts).daily.first_response.length), 5),
    // Per tick: what each visible countdown computes (the whole list, to bound it from above).
    perTickAllRowsMs: time(() => {
      for (const r of rows) if (r.dueAt !== null) sink += r.dueAt - now;
    }, 200),
  };
  if (sink === 0) console.log('');
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
}


/** Options for working on the board; the reported figures come from the defaults (fresh profile, no profiler). */
export interface LeadBoardBenchOptions {
  windowMs?: number;
  /**
   * Keep the browser profile here between runs (so the large set is bootstrapped once): the window then follows a
   * warm start, not a fresh bootstrap. The server must run on a fixed port, so that the origin stays the same.
   */
  profileDir?: string;
  /** Write a CDP CPU profile of the window here (`.cpuprofile`, opens in DevTools) and list every long task. */
  cpuProfilePath?: string;
  /** Write a DevTools performance trace of the window here (`.json`: tasks, layout, GC, JS samples). */
  tracePath?: string;
  log?: (line: string) => void;
}

type LongTask = { start: number; duration: number };

async function openBenchContext(profileDir: string | undefined): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!profileDir) return openProfile();
  const context = await chromium.launchPersistentContext(profileDir, {
    headless: true,
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: chromiumArgs,
    viewport: { width: 1600, height: 1000 },
    // The shell service worker would serve the build cached in the profile, not the one being measured.
    serviceWorkers: 'block',
  });
  return { context, close: () => context.close() };
}

const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'toplevel',
  'disabled-by-default-v8.cpu_profiler',
];

/** Ends a CDP trace and writes its events to `path`. */
async function writeTrace(cdp: CDPSession, path: string): Promise<void> {
  const complete = new Promise<string>((done) => cdp.once('Tracing.tracingComplete', (e) => done(e.stream ?? '')));
  await cdp.send('Tracing.end');
  const handle = await complete;
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle, size: 1 << 20 });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  writeFileSync(path, chunks.join(''));
}

/** Signs the lead in (a kept profile may still be signed in) and waits until the whole large set is cached. */
async function signInAndBootstrap(page: Page, baseUrl: string): Promise<void> {
  const b = leadBoardBrowserBench;
  await page.goto(baseUrl);
  const login = page.getByLabel('Email');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await Promise.race([login.waitFor({ timeout: 60_000 }), nav.waitFor({ timeout: 60_000 })]);
  if (await login.isVisible()) {
    await login.fill(b.backend.login);
    await page.getByLabel('Password').fill('accord-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await nav.waitFor({ timeout: 60_000 });
  // The whole large set in the cache first: the figures are about the board, not the bootstrap.
  const deadline = Date.now() + 600_000;
  while ((await bootstrapState(page)) !== 'done') {
    if (Date.now() > deadline) throw new Error('bootstrap did not finish in 10 minutes');
    await page.waitForTimeout(250);
  }
}

/** Lead board in headless Chromium: open tickets, main-thread busy share over the window, long tasks. */
export async function benchLeadBoardBrowser(server: BenchServer, options: LeadBoardBenchOptions = {}): Promise<BenchFigure[]> {
  const b = leadBoardBrowserBench;
  const windowMs = options.windowMs ?? 30_000;
  const log = options.log ?? (() => {});
  const { context, close } = await openBenchContext(options.profileDir);
  try {
    await context.addInitScript((entries: Record<string, string>) => {
      for (const [key, value] of Object.entries(entries)) window.localStorage.setItem(key, value);
    }, b.localStorage);
    const page = context.pages()[0] ?? (await context.newPage());
    const bootstrapBegan = performance.now();
    await signInAndBootstrap(page, server.baseUrl);
    log(`large set cached after ${((performance.now() - bootstrapBegan) / 1000).toFixed(1)} s`);
    await page.evaluate((hash) => (window.location.hash = hash), b.route);
    await page.getByTestId(b.testIds.row).first().waitFor({ timeout: 120_000 });
    const heading = (await page.getByTestId(b.testIds.board).locator('.muted').first().textContent()) ?? '';
    const openTickets = Number(/([\d,]+) open tickets/.exec(heading)?.[1]?.replace(/,/g, '') ?? 0);
    // The window measures the board at work, not start-up (the cache index over 100,000 tickets is built once
    // after the bootstrap; issues 3 and 5 measure that): it opens once 5 s have passed without a long task.
    await page.evaluate(collectLongTasks);
    const observedSince = await page.evaluate(() => performance.now());
    const settleBegan = performance.now();
    for (;;) {
      await page.waitForTimeout(1000);
      const quietFor = await page.evaluate((since) => {
        const last = (globalThis as unknown as { __accordLongTasks: LongTask[] }).__accordLongTasks.at(-1);
        return performance.now() - Math.max(since, last ? last.start + last.duration : 0);
      }, observedSince);
      if (quietFor >= 5000 || performance.now() - settleBegan > 180_000) break;
    }
    const settleMs = performance.now() - settleBegan;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskDuration = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    if (options.cpuProfilePath) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    if (options.tracePath) await cdp.send('Tracing.start', { traceConfig: { includedCategories: traceCategories }, transferMode: 'ReturnAsStream' });
    const windowStart = await page.evaluate(() => performance.now());
    const busyBefore = await taskDuration();
    const began = performance.now();
    // A lead glances down the list now and then: scroll a screen every 5 s (new rows mount their countdowns).
    while (performance.now() - began < windowMs) {
      await page.waitForTimeout(5000);
      await page.getByTestId(b.testIds.list).evaluate((el) => el.scrollBy(0, el.clientHeight));
    }
    const elapsed = performance.now() - began;
    const busy = (await taskDuration()) - busyBefore;
    if (options.cpuProfilePath) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(options.cpuProfilePath, JSON.stringify(profile));
      log(`CPU profile of the window: ${options.cpuProfilePath}`);
    }
    if (options.tracePath) {
      await writeTrace(cdp, options.tracePath);
      log(`trace of the window: ${options.tracePath}`);
    }
    const visibleCountdowns = await page.getByTestId(b.testIds.row).locator('.sla[data-sla-state]').count();
    const longTasks = await page.evaluate((since) => {
      const tasks = (globalThis as unknown as { __accordLongTasks: LongTask[] }).__accordLongTasks;
      return tasks.filter((t) => t.start >= since);
    }, windowStart);
    for (const t of longTasks) log(`long task at +${((t.start - windowStart) / 1000).toFixed(2)} s: ${Math.round(t.duration)} ms`);
    const rebuilds = await page.evaluate((name) => performance.getEntriesByName(name).map((m) => ({ start: m.startTime, duration: m.duration })), b.rowsMeasure);
    for (const m of rebuilds) log(`board rows rebuilt at +${((m.start - windowStart) / 1000).toFixed(2)} s in ${m.duration.toFixed(1)} ms`);
    const longest = longTasks.reduce((max, t) => Math.max(max, t.duration), 0);
    const busyPercent = (busy * 1000 * 100) / elapsed;
    return [
      { name: 'open tickets on the board (every team)', value: openTickets, unit: 'tickets', target: '≥ 2000', ok: openTickets >= 2000, detail: `${visibleCountdowns} countdown rows mounted at the end (virtualised list); window opened after ${(settleMs / 1000).toFixed(1)} s of start-up settling` },
      { name: `main thread busy over ${Math.round(elapsed / 1000)} s`, value: busyPercent, unit: '%', target: '< 10 %', ok: busyPercent < 10 },
      { name: 'longest long task in the window', value: longest, unit: 'ms', target: '≤ 50 ms', ok: longest <= 50, detail: `${longTasks.length} long tasks (> 50 ms)` },
    ];
  } finally {
    await close();
  }
}

/**
 * Standalone: `node --import tsx test/bench/leadBoard.bench.ts` prints the Node model figures; with `--browser` also
 * the browser figures (a fresh profile, a real bootstrap: the path `npm run bench` takes). For working on the board:
 * ACCORD_BENCH_PROFILE=<dir> keeps the browser profile (and the cached large set) between runs, on a fixed port
 * (ACCORD_BENCH_PORT, default 7392); ACCORD_BENCH_CPU_PROFILE=<file> writes a CPU profile of the window and
 * ACCORD_BENCH_TRACE=<file> a DevTools trace of it (both cost the page time: diagnosis only, never the figure);
 * `--static <dir>` serves a web console built elsewhere (`electron-vite build --outDir`), default out/renderer.
 */
async function main(): Promise<void> {
  const figures = await benchLeadBoardModel();
  console.log('lead board model (Node):');
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(20)} ${value}`);
  if (!process.argv.includes('--browser')) return;
  const { startBenchServer } = await import('./benchServer');
  const profileDir = process.env.ACCORD_BENCH_PROFILE;
  const at = process.argv.indexOf('--static');
  const staticDir = at >= 0 ? resolve(process.argv[at + 1] ?? 'out/renderer') : undefined;
  const port = profileDir ? Number(process.env.ACCORD_BENCH_PORT ?? 7392) : undefined;
  const server = await startBenchServer('large', { staticDir, port });
  try {
    const log = (line: string) => console.log(line);
    const cpuProfilePath = process.env.ACCORD_BENCH_CPU_PROFILE;
    const tracePath = process.env.ACCORD_BENCH_TRACE;
    printFigures('Issue 4 · lead board in headless Chromium (large set)', await benchLeadBoardBrowser(server, { profileDir, cpuProfilePath, tracePath, log }));
  } finally {
    await server.stop();
  }
}

runBenchMain(import.meta.url, main);
