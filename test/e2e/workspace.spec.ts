import { expect, test } from '@playwright/test';
import { apiToken, expectQueueRows, serverSnapshot, signIn } from './support/app';

/**
 * The agent workspace end to end: triage the unassigned queue by keyboard alone, take a ticket, reply with a
 * macro, add an internal note, change severity with the impact helper — then check on the server that every
 * change arrived.
 */
test('triage by keyboard, take, reply with a macro, note, severity by impact; the server has it all', async ({ page }) => {
  await signIn(page, 'tier1');
  const me = await page.evaluate(async () => (await (await fetch('/api/auth/me')).json()) as { id: string; name: string });

  // Keyboard only from here. View 5 is "Tier 1": walk it with j/k.
  const grid = page.getByRole('grid');
  await page.keyboard.press('5');
  await expect(page.getByRole('heading', { name: 'Tier 1', exact: true })).toBeVisible();
  await expectQueueRows(page);
  await grid.focus();
  const top = await grid.getAttribute('aria-activedescendant');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  const moved = await grid.getAttribute('aria-activedescendant');
  expect(moved).toMatch(/^row-/);
  expect(moved).not.toBe(top);
  // View 2 is "Unassigned · Tier 1" for a tier 1 agent: triage its first ticket.
  await page.keyboard.press('2');
  await expect(page.getByRole('heading', { name: 'Unassigned · Tier 1' })).toBeVisible();
  await expectQueueRows(page);
  await grid.focus();
  await page.keyboard.press('Home');
  const cursor = await grid.getAttribute('aria-activedescendant');
  expect(cursor).toMatch(/^row-/);
  const ticketId = cursor!.slice('row-'.length);
  // The shortcuts overlay and the command palette are there for the keyboard too.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/ticket/${ticketId}$`));
  await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();

  // Take it.
  await page.keyboard.press('a');
  await expect(page.getByLabel('Owner')).toHaveValue(me.id);

  // Reply with a macro.
  await page.keyboard.press('r');
  await expect(page.getByLabel('Reply text')).toBeFocused();
  // Escape leaves the text box (staying on the ticket); m jumps to the macros.
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`#/ticket/${ticketId}$`));
  await page.keyboard.press('m');
  const macroSelect = page.getByLabel('Insert macro');
  await expect(macroSelect).toBeFocused();
  const macroOptions = await macroSelect.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as unknown as { value: string }).value, label: o.textContent ?? '' })));
  const macro = macroOptions.find((o) => o.value && !o.label.startsWith('🔒'));
  expect(macro, 'the demo data has a public-reply macro').toBeTruthy();
  await macroSelect.selectOption(macro!.value);
  const replyBox = page.getByLabel('Reply text');
  await expect(replyBox).not.toHaveValue('');
  const replyText = (await replyBox.inputValue()).trim();
  expect(replyText).not.toMatch(/\{\{\s*(contact|account|agent)\./);
  expect(replyText).not.toContain('##');
  await replyBox.focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-kind="public_reply"]').filter({ hasText: replyText.slice(0, 40) })).toBeVisible();

  // An internal note.
  const noteText = `Checked the IdP metadata with the customer — e2e ${Date.now()}`;
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  const noteBox = page.getByLabel('Internal note text');
  await expect(noteBox).toBeFocused();
  await page.keyboard.type(noteText);
  await page.keyboard.press('Control+Enter');
  const note = page.locator('[data-kind="internal_note"]').filter({ hasText: noteText });
  await expect(note).toBeVisible();
  await expect(note).toContainText('Internal note');

  // Severity from business impact: production stopped, no workaround → Sev 1.
  await page.keyboard.press('Escape');
  await page.keyboard.press('i');
  const helper = page.getByRole('dialog', { name: 'Severity by business impact' });
  await expect(helper).toBeVisible();
  await helper.getByRole('group', { name: /question, how-to/ }).getByLabel('No').check();
  await helper.getByRole('group', { name: /production stopped/ }).getByLabel('Yes').check();
  await helper.getByRole('group', { name: /workaround/ }).getByLabel('No').check();
  await expect(helper.getByRole('status')).toContainText('Suggested: Sev 1');
  await helper.getByRole('button', { name: 'Set Sev 1' }).click();
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('1');

  // Everything reaches the server.
  await expect(page.getByRole('status').filter({ hasText: /pending/ })).toHaveCount(0, { timeout: 30_000 });
  const token = await apiToken('tier1');
  await expect
    .poll(
      async () => {
        const snap = await serverSnapshot(token);
        const t = (snap.get('ticket') ?? []).find((x) => x.id === ticketId);
        const msgs = (snap.get('message') ?? []).filter((m) => m.ticketId === ticketId);
        return {
          owner: t?.ownerId,
          severity: t?.severity,
          reply: msgs.some((m) => m.kind === 'public_reply' && String(m.body).trim() === replyText && m.authorAgentId === me.id),
          note: msgs.some((m) => m.kind === 'internal_note' && m.body === noteText && m.authorAgentId === me.id),
        };
      },
      { timeout: 30_000 },
    )
    .toEqual({ owner: me.id, severity: 1, reply: true, note: true });
});
