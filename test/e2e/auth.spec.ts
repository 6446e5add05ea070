import { expect, test } from '@playwright/test';
import { demoEmail, demoRoles, expectQueueRows, signIn } from './support/app';

test.describe('sign in and out', () => {
  for (const role of demoRoles) {
    test(`${role} signs in, sees a queue of tickets and signs out`, async ({ page }) => {
      await signIn(page, role);
      await expect(page.getByLabel(/Signed in as/)).toContainText(role);
      // Every role lands on a queue; tier agents on their own work, others on a view with tickets in it.
      await page.getByRole('link', { name: /^Tier 1\b/ }).first().click();
      await expectQueueRows(page);
      await page.getByRole('button', { name: 'Log out' }).click();
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      // The session is gone on the server too: a reload stays signed out.
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    });
  }

  test('a wrong password gets a clear message and the button is usable again', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Email').fill(demoEmail('tier1'));
    await page.getByLabel('Password').fill('not-the-password');
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.click();
    await expect(page.getByRole('alert')).toHaveText(/wrong email or password/i);
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await page.getByLabel('Password').fill('x');
    await expect(button).toBeEnabled();
  });
});
