import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: Chromium drives the web console served by a REAL backend (tsx server/main.ts) on a temporary
 * SQLite database with the small demo data set (test/e2e/globalSetup.ts). Debian's Chromium is used where it
 * exists; otherwise Playwright's own browser.
 */

// One free port for the whole run, chosen once in the runner and inherited by the worker processes.
if (!process.env.ACCORD_E2E_PORT) {
  process.env.ACCORD_E2E_PORT = execFileSync(
    process.execPath,
    ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
    { encoding: 'utf8' },
  ).trim();
}
const baseURL = process.env.ACCORD_E2E_BASE_URL ?? `http://127.0.0.1:${process.env.ACCORD_E2E_PORT}`;

const systemChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/globalSetup.ts',
  // A 2-core machine: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    viewport: { width: 1600, height: 1000 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium' }],
});
