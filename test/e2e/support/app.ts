import { expect, type Page } from '@playwright/test';

export const demoPassword = 'accord-demo';
export const demoRoles = ['tier1', 'tier2', 'tier3', 'tam', 'lead', 'admin'] as const;
export type DemoRole = (typeof demoRoles)[number];
export const demoEmail = (role: DemoRole) => `${role}@accord.demo`;

export function baseUrl(): string {
  const url = process.env.ACCORD_E2E_BASE_URL;
  if (!url) throw new Error('ACCORD_E2E_BASE_URL is not set: run through playwright.config.ts');
  return url;
}

/** Signs in through the login screen and waits for the app frame. */
export async function signIn(page: Page, role: DemoRole, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(demoEmail(role));
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Waits until the queue grid shows at least one ticket row. */
export async function expectQueueRows(page: Page): Promise<void> {
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(grid.locator('[role="row"][id^="row-"]').first()).toBeVisible({ timeout: 60_000 });
}

/** A bearer token for the HTTP API, to check what the server holds. */
export async function apiToken(role: DemoRole): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(role), password: demoPassword }),
  });
  if (!res.ok) throw new Error(`login for API check failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Every row the server holds for the agent, from the bootstrap snapshot (NDJSON). */
export async function serverSnapshot(token: string): Promise<Map<string, Array<Record<string, unknown>>>> {
  const res = await fetch(`${baseUrl()}/api/sync/bootstrap`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`bootstrap failed: ${res.status}`);
  const out = new Map<string, Array<Record<string, unknown>>>();
  for (const line of (await res.text()).split('\n')) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as { type: string; entity?: string; rows?: Array<Record<string, unknown>> };
    if (msg.type === 'rows' && msg.entity && msg.rows) out.set(msg.entity, [...(out.get(msg.entity) ?? []), ...msg.rows]);
  }
  return out;
}
