import { expect, test, type Page } from '@playwright/test';
import { createDb } from '../../server/db';
import { signIn } from './support/app';

/**
 * Issue 3 (Speed): the bootstrap leaves out the threads of tickets closed more than 90 days ago. Opening such a
 * ticket loads its thread from the server and caches it; offline, a thread that was never loaded is named as not
 * available offline, and one that was loaded still shows.
 */

const DAY = 86_400_000;

/** Two long-closed tickets with their message counts, straight from the server's database. */
async function longClosedTickets(): Promise<Array<{ id: string; messages: number }>> {
  const url = process.env.ACCORD_E2E_DATABASE_URL;
  if (!url) throw new Error('ACCORD_E2E_DATABASE_URL is not set');
  const handle = createDb(url);
  try {
    const rows = await handle.db
      .selectFrom('tickets as t')
      .innerJoin('messages as m', 'm.ticketId', 't.id')
      .select(['t.id as id', (eb) => eb.fn.countAll().as('n')])
      .where('t.status', '=', 'closed')
      .where('t.solvedAt', '<', Date.now() - 100 * DAY)
      .groupBy('t.id')
      .orderBy('t.id')
      .limit(2)
      .execute();
    return rows.map((r) => ({ id: String(r.id), messages: Number(r.n) }));
  } finally {
    await handle.close();
  }
}

async function bootstrapState(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      new Promise<string | undefined>((resolve) => {
        const open = indexedDB.open('accord');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('meta', 'readonly').objectStore('meta').get('sync.bootstrap');
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { value?: { state?: string } } | undefined)?.value?.state);
          };
        };
      }),
  );
}

const conversation = (page: Page) => page.getByRole('list', { name: 'Conversation' }).locator(':scope > li:not(.empty)');
const notice = (page: Page) => page.getByTestId('lazy-detail');

test('a long-closed thread loads on open, stays cached offline, and one never loaded says it is not available offline', async ({ page, context }) => {
  const [first, second] = await longClosedTickets();
  expect(first && second, 'the demo data has long-closed tickets with messages').toBeTruthy();

  await signIn(page, 'tier1');
  await expect.poll(() => bootstrapState(page), { timeout: 60_000 }).toBe('done');

  await page.goto(`/#/ticket/${first!.id}`);
  await expect(conversation(page)).toHaveCount(first!.messages, { timeout: 30_000 });
  await expect(notice(page)).toHaveCount(0);

  await context.setOffline(true);
  await page.goto(`/#/ticket/${second!.id}`);
  await expect(notice(page)).toContainText('not available offline');
  await expect(conversation(page)).toHaveCount(0);

  // What was loaded once is read from the cache.
  await page.goto(`/#/ticket/${first!.id}`);
  await expect(conversation(page)).toHaveCount(first!.messages);
  await expect(notice(page)).toHaveCount(0);

  // Back online, the other thread loads too.
  await context.setOffline(false);
  await page.goto(`/#/ticket/${second!.id}`);
  await expect(conversation(page)).toHaveCount(second!.messages, { timeout: 30_000 });
  await expect(notice(page)).toHaveCount(0);
});
