import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncEntities, syncEntityNames } from '../../shared/sync/entities';
import { withTestDatabases, type TestDatabase, type TestDatabaseTarget } from '../../test/support/testDb';
import { verifyPassword } from '../auth/passwords';
import { decodeRow } from '../db/codec';
import { createDb, type DbHandle } from '../db/createDb';
import { migrateToLatest } from '../db/migrate';
import { nextTicketNumber } from '../db/ticketNumbers';
import { collectDemo, demoSizes, type DemoDataSet } from './generate';
import { demoMetaKey, loadDemo } from './load';
import { DEMO_PASSWORD, demoLoginEmails } from './staff';

/** The loader against real databases: a temp SQLite file, and a fresh PostgreSQL database when one is running. */

const NOW = Date.UTC(2025, 10, 20, 15, 30, 0);
const targets: TestDatabaseTarget[] = await withTestDatabases();
const log = pino({ level: 'silent' });

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

let expected: DemoDataSet;
beforeAll(() => {
  expected = collectDemo('small', { now: NOW });
}, 60_000);

describe.each(targets)('loadDemo into $label', (target) => {
  let database: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    if (!target.available) return;
    database = await target.create();
    handle = createDb(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  }, 60_000);

  afterAll(async () => {
    if (!target.available) return;
    await handle.close();
    await database.drop();
  });

  it.skipIf(!target.available)(
    'loads the small set once, round-trips every row through the codec and continues the ticket numbers',
    async () => {
      const ctx = { db: handle.db, dialect: handle.dialect, log, now: () => NOW };
      const result = await loadDemo(ctx, 'small');
      expect(result.loaded).toBe(true);
      expect(result.counts.ticket).toBe(demoSizes.small.tickets);
      expect(result.counts.message).toBe(demoSizes.small.messages);
      expect(result.lastTicketNumber).toBe(demoSizes.small.tickets);

      // Every stored row decodes back to exactly the generated domain row.
      const db = handle.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      for (const entity of syncEntityNames) {
        const rows = await db.selectFrom(syncEntities[entity]).selectAll().execute();
        const decoded = rows.map((row) => decodeRow(entity, row) as { id: string }).sort(byId);
        const want = [...(expected[entity] as { id: string }[])].sort(byId);
        expect(decoded.length, entity).toBe(want.length);
        expect(decoded, entity).toEqual(want);
      }

      // The six demo agents share one argon2id hash of accord-demo; everyone else cannot sign in.
      const agents = await handle.db.selectFrom('agents').select(['email', 'passwordHash']).execute();
      const hashes = new Set(agents.filter((a) => demoLoginEmails.has(a.email)).map((a) => a.passwordHash));
      expect(hashes.size).toBe(1);
      const [hash] = [...hashes];
      expect(await verifyPassword(hash!, DEMO_PASSWORD)).toBe(true);
      expect(await verifyPassword(hash!, 'wrong')).toBe(false);
      expect(agents.filter((a) => !demoLoginEmails.has(a.email)).every((a) => a.passwordHash === null)).toBe(true);

      const meta = await handle.db.selectFrom('meta').select(['key', 'value']).execute();
      const marker = JSON.parse(meta.find((m) => m.key === demoMetaKey)!.value) as { size: string; now: number };
      expect(marker).toMatchObject({ size: 'small', now: NOW });
      const next = await handle.db.transaction().execute((trx) => nextTicketNumber(trx));
      expect(next).toBe(demoSizes.small.tickets + 1);

      // A database with data in it is never touched again.
      const again = await loadDemo(ctx, 'small');
      expect(again.loaded).toBe(false);
      const count = await handle.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(demoSizes.small.tickets);
    },
    120_000,
  );
});
