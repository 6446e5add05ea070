import { expect, test, type Page } from '@playwright/test';
import { apiToken, serverSnapshot, signIn } from './support/app';

/**
 * Offline full-text search (a MiniSearch index in a Web Worker over the local cache): results are grouped by
 * kind, in a fixed order, and Enter opens the focused result.
 */
const groupOrder = ['Tickets', 'Messages', 'Accounts', 'Knowledge articles'];

async function searchFor(page: Page, query: string): Promise<void> {
  const box = page.getByRole('searchbox');
  await box.fill(query);
  await expect(page.locator('[role="search"] [role="status"]')).toContainText(/\d+ results in/, { timeout: 60_000 });
}

function group(page: Page, label: string) {
  return page.getByRole('region', { name: new RegExp(`^${label} \\(\\d+\\)$`) });
}

test('search groups results by kind and Enter opens a result', async ({ page }) => {
  const snapshot = await serverSnapshot(await apiToken('tier1'));
  const account = (snapshot.get('account') ?? [])[0] as { id: string; name: string } | undefined;
  expect(account, 'the demo data has accounts').toBeTruthy();

  await signIn(page, 'tier1');
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox')).toBeFocused();
  await searchFor(page, 'saml');

  // Groups appear in a fixed order and each holds only its own kind. (Results refresh while the cache and
  // the index are still filling after sign-in.)
  for (const label of ['Tickets', 'Messages', 'Knowledge articles']) await expect(group(page, label)).toBeVisible({ timeout: 60_000 });
  const headings = await page.locator('.results-group h2').allTextContents();
  const labels = headings.map((h) => h.replace(/ \(\d+\)$/, ''));
  expect(labels.length).toBeGreaterThanOrEqual(3);
  expect(labels).toEqual(groupOrder.filter((g) => labels.includes(g)));
  for (const label of ['Tickets', 'Messages']) {
    const hrefs = await group(page, label).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length, `${label} has results`).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#\/ticket\/[0-9a-f-]{36}$/);
  }
  const ticketTitles = await group(page, 'Tickets').getByRole('link').allTextContents();
  for (const t of ticketTitles) expect(t.toLowerCase()).toContain('saml');

  // Keyboard: Enter in the box moves to the first result, ArrowDown to the next, Enter opens it.
  await page.keyboard.press('Enter');
  const firstTicket = group(page, 'Tickets').getByRole('link').first();
  await expect(firstTicket).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const second = page.locator('.results-group a').nth(1);
  await expect(second).toBeFocused();
  const href = (await second.getAttribute('href'))!;
  const subject = ((await second.locator('div').first().textContent()) ?? '').replace(/^#\d+\s+/, '');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[/]/g, '\\/')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);

  // Back to the results (the query is kept in the address); a knowledge article opens over the results.
  await page.goBack();
  await expect(page.getByRole('searchbox')).toHaveValue('saml');
  await expect(page.locator('[role="search"] [role="status"]')).toContainText(/\d+ results in/, { timeout: 60_000 });
  const article = group(page, 'Knowledge articles').getByRole('link').first();
  const articleTitle = (await article.locator('div').first().textContent())!;
  await article.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: articleTitle });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('article', { name: 'Article text' })).not.toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Accounts are found by name and open the account page.
  const word = account!.name.split(/\s+/)[0]!;
  await searchFor(page, word);
  const accountLink = group(page, 'Accounts').getByRole('link', { name: new RegExp(account!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await accountLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/accounts/${account!.id}$`));
});
