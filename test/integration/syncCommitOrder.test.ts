import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChangeLog, pullChanges } from '../../server/sync';
import type { PullResponse } from '../../shared/sync/protocol';
import { withTestDatabases } from '../support/testDb';
import { createSyncFixture, type SyncFixture } from './syncSupport';

/**
 * PostgreSQL hands out sequence values in call order but transactions commit in any order. A reader that sees
 * seq 11 committed while 10 is still in flight would move its cursor past 10 for good. These tests run slow,
 * overlapping writers against a tailing reader and check that the reader never misses a change.
 */
const targets = await withTestDatabases();
const postgres = targets.find((target) => target.dialect === 'postgres')!;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgres.available)('change_log commit order on PostgreSQL', () => {
  let fixture: SyncFixture;

  beforeAll(async () => {
    fixture = await createSyncFixture('postgres', 1);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** Tails the log like a client (small pages) while `writers` run; returns the seqs it saw and all seqs. */
  async function tailWhile(startWriters: () => Promise<unknown>): Promise<{ seen: Set<number>; all: number[] }> {
    const db = fixture.handle.db;
    let cursor = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
    const seen = new Set<number>();
    const start = cursor;
    let done = false;
    const writers = startWriters();
    void writers.finally(() => (done = true));
    const pullOnce = async () => {
      const page = JSON.parse((await pullChanges(db, { cursor, limit: 5 }, fixture.agents.tier1.id, Date.now())).json) as PullResponse;
      for (const change of page.changes) seen.add(change.seq);
      cursor = page.cursor;
      return page.hasMore;
    };
    while (!done) {
      await pullOnce();
      await sleep(1);
    }
    await writers;
    while (await pullOnce());
    const all = (await db.selectFrom('change_log').select('seq').where('seq', '>', start).execute()).map((r) => Number(r.seq));
    return { seen, all };
  }

  function writer(useLock: boolean, count: number) {
    const db = fixture.handle.db;
    return (async () => {
      for (let i = 0; i < count; i++) {
        await db.transaction().execute(async (trx) => {
          const id = randomUUID();
          const row = { id };
          if (useLock) {
            await appendChangeLog(trx, 'postgres', [{ entity: 'ticket', id, op: 'put', row, before: null, version: 1 }], {
              actorId: null, clientId: null, mutationId: null, clientTime: null, serverTime: Date.now(), offline: false,
            });
          } else {
            // The naive append: draw a seq and insert, no ordering guarantee.
            await trx
              .insertInto('change_log')
              .values({ entity: 'ticket', entityId: id, op: 'put', row: JSON.stringify(row), patch: '{}', version: 1, actorId: null, clientId: null, mutationId: null, clientTime: null, serverTime: Date.now(), replayed: false })
              .execute();
          }
          // Slow commits widen the window in which a later seq can commit first.
          await sleep(Math.random() * 15);
        });
      }
    })();
  }

  it('control: naive concurrent appends DO let a tailing reader skip changes (the test can fail)', async () => {
    const { seen, all } = await tailWhile(() => Promise.all(Array.from({ length: 6 }, () => writer(false, 25))));
    const missed = all.filter((seq) => !seen.has(seq));
    expect(all.length).toBe(150);
    expect(missed.length).toBeGreaterThan(0);
  });

  it('appendChangeLog (advisory lock until commit): a tailing reader never skips a change', async () => {
    const { seen, all } = await tailWhile(() => Promise.all(Array.from({ length: 6 }, () => writer(true, 25))));
    const missed = all.filter((seq) => !seen.has(seq));
    expect(all.length).toBe(150);
    expect(missed).toEqual([]);
  });
});
