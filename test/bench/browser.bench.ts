/**
 * Browser benchmarks in headless Chromium against a real backend with the `large` demo set (issues 3, 4, 5).
 * The raw baseline for bootstrap is Dexie's own bulkPut of the very rows the bootstrap stored, into the same
 * schema, in the same browser and run.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchServer } from './benchServer';
import type { BenchFigure } from './figures';

const require = createRequire(import.meta.url);
const dexieUmd = require.resolve('dexie/dist/dexie.js');

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  return chromium.launch({ headless: true, executablePath, args: chromiumArgs });
}

export const firstQueueRow = '[role="grid"] [role="row"][aria-rowindex="2"]';

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('accord-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Reads the sync engine's bootstrap progress straight from IndexedDB (no app code involved). */
async function bootstrapState(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((done) => {
        const open = indexedDB.open('accord');
        open.onerror = () => done(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            return done(null);
          }
          const get = db.transaction('meta').objectStore('meta').get('sync.bootstrap');
          get.onsuccess = () => {
            db.close();
            done((get.result as { value?: { state?: string } } | undefined)?.value?.state ?? null);
          };
          get.onerror = () => {
            db.close();
            done(null);
          };
        };
      }),
  );
}

export interface BootstrapResult {
  figures: BenchFigure[];
  page: Page;
}

/** Bootstrap into an empty cache, the raw bulkPut baseline, and the warm start to a usable queue. */
export async function benchBootstrap(browser: Browser, server: BenchServer): Promise<BootstrapResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bootstrapStartedAt = 0;
  page.on('request', (req) => {
    if (req.url().includes('/api/sync/bootstrap') && bootstrapStartedAt === 0) bootstrapStartedAt = performance.now();
  });
  await signIn(page, server.baseUrl, 'tier1@accord.demo');
  await page.waitForRequest((req) => req.url().includes('/api/sync/bootstrap'), { timeout: 60_000 });

  // The queue must show its first page before the bootstrap has finished.
  let firstRowAt = 0;
  let firstRowWhileLoading = false;
  const firstRow = page
    .locator(firstQueueRow)
    .waitFor({ timeout: 300_000 })
    .then(async () => {
      firstRowAt = performance.now();
      firstRowWhileLoading = (await bootstrapState(page)) !== 'done';
    });
  let doneAt = 0;
  for (;;) {
    if ((await bootstrapState(page)) === 'done') {
      doneAt = performance.now();
      break;
    }
    if (performance.now() - bootstrapStartedAt > 300_000) throw new Error('bootstrap did not finish in 5 minutes');
    await page.waitForTimeout(50);
  }
  await firstRow;
  const bootstrapMs = doneAt - bootstrapStartedAt;

  await page.addScriptTag({ path: dexieUmd });
  const raw = await page.evaluate(async () => {
    const Dexie = (window as unknown as { Dexie: typeof import('dexie').Dexie }).Dexie;
    const source = new Dexie('accord');
    await source.open();
    const skip = new Set(['outbox', 'meta', 'overlay']);
    const tables = source.tables.filter((t) => !skip.has(t.name));
    const stores: Record<string, string> = {};
    const data: Record<string, unknown[]> = {};
    let rows = 0;
    for (const t of tables) {
      stores[t.name] = [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(',');
      data[t.name] = await t.toArray();
      rows += data[t.name]!.length;
    }
    source.close();
    await Dexie.delete('bench-raw');
    const target = new Dexie('bench-raw');
    target.version(1).stores(stores);
    await target.open();
    const began = performance.now();
    for (const t of tables) await target.table(t.name).bulkPut(data[t.name]!);
    const ms = performance.now() - began;
    target.close();
    await Dexie.delete('bench-raw');
    return { ms, rows };
  });

  // Warm start: the cache is full; reload to a usable queue (first row rendered).
  const warm: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const began = performance.now();
    await page.reload();
    await page.locator(firstQueueRow).waitFor({ timeout: 60_000 });
    warm.push(performance.now() - began);
  }
  const warmMs = Math.min(...warm);
  const ratio = bootstrapMs / raw.ms;
  return {
    page,
    figures: [
      {
        name: `bootstrap of the large set into an empty cache (${raw.rows} rows)`,
        value: bootstrapMs / 1000,
        unit: 's',
        target: '< 15 s',
        ok: bootstrapMs < 15_000,
      },
      { name: 'raw Dexie bulkPut of the same rows (same schema, same run)', value: raw.ms / 1000, unit: 's', target: 'baseline', ok: true },
      { name: 'bootstrap ÷ raw bulkPut', value: ratio, unit: '×', target: '≤ 1.3 ×', ok: ratio <= 1.3 },
      {
        name: 'first queue page shown before bootstrap finished',
        value: (firstRowAt - bootstrapStartedAt) / 1000,
        unit: 's',
        target: 'before end',
        ok: firstRowWhileLoading,
        detail: firstRowWhileLoading ? 'shown while loading' : 'only after the bootstrap ended',
      },
      { name: 'warm start to a usable queue (best of 3 reloads)', value: warmMs, unit: 'ms', target: '< 1000 ms', ok: warmMs < 1000, detail: warm.map((w) => Math.round(w)).join(' / ') + ' ms' },
    ],
  };
}
