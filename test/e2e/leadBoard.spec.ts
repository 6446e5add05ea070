import { expect, test, type Page } from '@playwright/test';
import { allowedDowntimeMs, serviceCreditExposure } from '../../shared/sla';
import type { Account, SlaEvent, SlaPolicy, Ticket } from '../../shared/domain';
import { quarterMonths } from '../../renderer/src/features/sla/quarterExposure';
import { formatDowntime } from '../../renderer/src/features/tools/uptimeInput';
import { formatMoney } from '../../renderer/src/ui/format';
import { apiToken, serverSnapshot, signIn } from './support/app';

/**
 * Issue 4 in the console, against the real backend (small demo set, its own SLA scanner running): the lead's
 * board with live countdowns and a reassignment the server must hold, the uptime calculator, and an account's
 * breaches this quarter with the service credits they imply.
 */

async function openLeadBoard(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lead board' }).click();
  await expect(page.getByTestId('lead-board')).toBeVisible();
  await expect(page.getByTestId('lead-row').first()).toBeVisible({ timeout: 60_000 });
}

test('the lead sees the team’s open tickets with countdowns and reassigns one; the server holds the new owner', async ({ page }) => {
  await signIn(page, 'lead');
  await openLeadBoard(page);

  // Countdown badges say their state in words, not only in colour.
  const badges = page.getByTestId('lead-row').locator('.sla[data-sla-state]');
  await expect(badges.first()).toBeVisible();
  const texts = await badges.allTextContents();
  expect(texts.length).toBeGreaterThan(3);
  for (const text of texts) expect(text).toMatch(/left|over|Paused|Met|—/);
  const states = await badges.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-sla-state')));
  expect(states.every((s) => ['ok', 'warning', 'breached', 'paused', 'none'].includes(s ?? ''))).toBe(true);
  // A running clock's badge names the due moment in the lead's and the customer's time zone.
  const running = page.getByTestId('lead-row').locator('.sla[data-sla-state="ok"], .sla[data-sla-state="warning"]').first();
  await expect(running).toHaveAttribute('title', /\(yours\).*\(customer\)/);
  for (const id of ['forecast-overdue', 'forecast-1h', 'forecast-4h', 'forecast-today']) await expect(page.getByTestId(id)).toBeVisible();
  // Attainment comes from a worker reading the cached SLA events.
  await expect(page.getByTestId('attainment-chart-first_response')).toBeVisible({ timeout: 60_000 });

  // Reassign the most urgent ticket to someone else on the team.
  const row = page.getByTestId('lead-row').first();
  const ref = (await row.getByRole('link').first().textContent())!.trim();
  const number = Number(ref.replace('#', ''));
  const select = row.getByRole('combobox', { name: `Owner of ${ref}` });
  const current = await select.inputValue();
  // Until the lead reaches for it, a row's picker holds only its current choice; focus brings every option.
  await select.focus();
  const options = await select.locator('option').evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
  const newOwner = options.find((value) => value !== '' && value !== current);
  expect(newOwner, 'the team has another agent to take the ticket').toBeTruthy();
  await select.selectOption(newOwner!);

  const token = await apiToken('lead');
  await expect
    .poll(
      async () => {
        const tickets = (await serverSnapshot(token)).get('ticket') as unknown as Ticket[];
        return tickets.find((t) => t.number === number)?.ownerId;
      },
      { timeout: 30_000 },
    )
    .toBe(newOwner);
});

test('the tools page turns an uptime commitment into allowed downtime', async ({ page }) => {
  await signIn(page, 'tier1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tools' }).click();
  const uptime = page.getByLabel('Uptime commitment (%)');
  await uptime.fill('99.9');
  await expect(page.getByTestId('downtime-month')).toHaveText(formatDowntime(allowedDowntimeMs(99.9, 'month')));
  await expect(page.getByTestId('downtime-month')).toHaveText('43m 49.7s');
  await expect(page.getByTestId('downtime-year')).toHaveText(formatDowntime(allowedDowntimeMs(99.9, 'year')));
  await uptime.fill('99.99');
  await expect(page.getByTestId('downtime-day')).toHaveText(formatDowntime(allowedDowntimeMs(99.99, 'day')));
  await uptime.fill('abc');
  await expect(page.getByText('Enter a percentage between 0 and 100.')).toBeVisible();
});

test('an account shows this quarter’s breaches and the service-credit exposure they imply', async ({ page }) => {
  // What the server holds: breach events of each account's tickets in the account's current quarter.
  const snapshot = await serverSnapshot(await apiToken('tam'));
  const accounts = snapshot.get('account') as unknown as Account[];
  const tickets = snapshot.get('ticket') as unknown as Ticket[];
  const events = (snapshot.get('sla_event') as unknown as SlaEvent[]).filter((e) => e.kind === 'breach');
  const policies = (snapshot.get('sla_policy') as unknown as SlaPolicy[]).sort((a, b) => a.position - b.position);
  const accountOf = new Map(tickets.map((t) => [t.id, t.accountId]));
  const now = Date.now();
  const breachesOf = (account: Account) => {
    const quarter = quarterMonths(now, account.timeZone);
    return events.filter((e) => accountOf.get(e.ticketId) === account.id && e.at >= quarter.start && e.at < quarter.end && e.at <= now);
  };
  const ranked = accounts.map((a) => ({ account: a, breaches: breachesOf(a) })).sort((x, y) => y.breaches.length - x.breaches.length);
  const { account, breaches } = ranked[0]!;
  expect(breaches.length, 'the demo set has breaches this quarter').toBeGreaterThan(0);
  // The contract's policy (its own, else the first whose plan filter admits the account) and its remedy per month.
  const policy = policies.find((p) => p.id === account.slaPolicyId) ?? policies.find((p) => !p.match.plans?.length || p.match.plans.includes(account.plan));
  const monthly = Math.round(account.arrMinor / 12);
  const credit = quarterMonths(now, account.timeZone).months.reduce((sum, month) => {
    const n = breaches.filter((e) => e.at >= month.start && e.at < month.end).length;
    return sum + serviceCreditExposure(n, monthly, policy!.remedy).creditAmount;
  }, 0);

  await signIn(page, 'tam');
  await page.evaluate((id) => (window.location.hash = `#/accounts/${id}`), account.id);
  const exposure = page.getByTestId('account-sla-exposure');
  await expect(exposure).toBeVisible({ timeout: 60_000 });
  await expect(exposure.getByTestId('quarter-breaches')).toHaveText(String(breaches.length));
  await expect(exposure.getByTestId('quarter-exposure')).toHaveText(
    policy!.remedy.creditPercentPerBreach === 0 ? 'No credits in contract' : formatMoney(credit, account.currency),
  );
});
