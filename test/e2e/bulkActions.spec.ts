import { expect, test } from '@playwright/test';
import { apiToken, expectQueueRows, serverSnapshot, signIn } from './support/app';

/**
 * Bulk actions by keyboard alone: select several queue rows (x, j), take them all (a), tag them all (t, type,
 * Enter). Bulk changes are ordinary mutations: the server must hold every one of them.
 */
test('select rows by keyboard, bulk-assign and tag them; the server holds each change', async ({ page }) => {
  await signIn(page, 'tier1');
  const me = await page.evaluate(async () => (await (await fetch('/api/auth/me')).json()) as { id: string; name: string });
  const tag = `bulk-e2e-${Date.now().toString(36)}`;

  // "Tier 1" (view 5) keeps the rows in view after they are taken, so the selection survives the assignment.
  await page.keyboard.press('5');
  await expect(page.getByRole('heading', { name: 'Tier 1', exact: true })).toBeVisible();
  await expectQueueRows(page);
  const grid = page.getByRole('grid');
  await grid.focus();
  await page.keyboard.press('Home');
  for (const key of ['x', 'j', 'x', 'j', 'j', 'x']) await page.keyboard.press(key);

  const selectedRows = grid.locator('[role="row"][aria-selected="true"]');
  await expect(selectedRows).toHaveCount(3);
  const ids = (await selectedRows.evaluateAll((rows) => rows.map((r) => r.id))).map((id) => id.slice('row-'.length));
  // The skipped row (third) is not selected.
  const bulkBar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bulkBar).toContainText('3 selected');

  // a: assign every selected ticket to me.
  await page.keyboard.press('a');
  for (const id of ids) await expect(page.locator(`#row-${id}`)).toContainText(me.name);

  // t: the tag box of the bulk bar; Enter adds the tag to every selected ticket; Escape returns to the list.
  await page.keyboard.press('t');
  const tagBox = page.getByLabel('Tag to add to selected tickets');
  await expect(tagBox).toBeFocused();
  await page.keyboard.type(tag);
  await page.keyboard.press('Enter');
  await expect(page.locator('.toast').filter({ hasText: `Tagged ${tag}` })).toHaveText(`Tagged ${tag}: 3 tickets`);
  await page.keyboard.press('Escape');
  await expect(grid).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(selectedRows).toHaveCount(0);

  await expect(page.getByRole('status').filter({ hasText: /pending/ })).toHaveCount(0, { timeout: 30_000 });
  const token = await apiToken('tier1');
  await expect
    .poll(
      async () => {
        const tickets = (await serverSnapshot(token)).get('ticket') ?? [];
        return ids.map((id) => {
          const t = tickets.find((x) => x.id === id);
          return { id, owner: t?.ownerId, tagged: Array.isArray(t?.tags) && (t.tags as string[]).includes(tag) };
        });
      },
      { timeout: 30_000 },
    )
    .toEqual(ids.map((id) => ({ id, owner: me.id, tagged: true })));
});
