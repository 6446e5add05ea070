import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncEntities, syncEntityNames } from '../../shared/sync/entities';
import { decodeRow, encodeRow, entityColumns, parseRow, type ColumnKind } from '../../server/db/codec';
import { createDb, type DbHandle } from '../../server/db/createDb';
import { migrateToLatest } from '../../server/db/migrate';
import { nextTicketNumber } from '../../server/db/ticketNumbers';
import { insertOrder, sampleRows } from '../support/sampleRows';
import { withTestDatabases, type TestDatabase } from '../support/testDb';

const targets = await withTestDatabases();

interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
}

async function columnsOf(handle: DbHandle, table: string): Promise<ColumnInfo[]> {
  if (handle.dialect === 'sqlite') {
    const rows = await sql<{ name: string; type: string; notnull: number; pk: number }>`select * from pragma_table_info(${table})`.execute(handle.db);
    return rows.rows.map((r) => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.notnull === 0 && r.pk === 0 }));
  }
  const rows = await sql<{ column_name: string; data_type: string; is_nullable: string }>`
    select column_name, data_type, is_nullable from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(handle.db);
  return rows.rows.map((r) => ({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === 'YES' }));
}

const expectedType: Record<'sqlite' | 'postgres', Record<ColumnKind, string>> = {
  sqlite: { text: 'text', json: 'text', integer: 'integer', real: 'real', boolean: 'integer' },
  postgres: { text: 'text', json: 'text', integer: 'bigint', real: 'double precision', boolean: 'boolean' },
};

for (const target of targets) {
  describe.skipIf(!target.available)(`database (${target.label})`, () => {
    let database: TestDatabase;
    let handle: DbHandle;

    beforeAll(async () => {
      database = await target.create();
      handle = createDb(database.url);
      expect(await migrateToLatest(handle.db, handle.dialect)).toEqual(['0001_initial', '0002_ticket_status_history']);
    });
    afterAll(async () => {
      await handle?.close();
      await database?.drop();
    });

    it('migrating again is a no-op', async () => {
      expect(await migrateToLatest(handle.db, handle.dialect)).toEqual([]);
    });

    it('creates every entity table with exactly the domain fields as columns, typed per dialect', async () => {
      for (const entity of syncEntityNames) {
        const table = syncEntities[entity];
        const actual = await columnsOf(handle, table);
        const expected = entityColumns[entity].map((c) => ({
          name: c.name,
          type: expectedType[handle.dialect][c.kind],
          nullable: c.nullable,
        }));
        if (entity === 'agent') expected.push({ name: 'passwordHash', type: 'text', nullable: true });
        const byName = (a: ColumnInfo, b: ColumnInfo) => a.name.localeCompare(b.name);
        expect(actual.sort(byName), table).toEqual(expected.sort(byName));
      }
    });

    it('creates the server tables the sync layer uses', async () => {
      const names = async (table: string) => (await columnsOf(handle, table)).map((c) => c.name).sort();
      expect(await names('change_log')).toEqual(
        ['actorId', 'clientId', 'clientTime', 'entity', 'entityId', 'mutationId', 'op', 'patch', 'replayed', 'row', 'seq', 'serverTime', 'txid', 'version'].sort(),
      );
      expect(await names('sync_clients')).toEqual(['agentId', 'clientId', 'createdAt', 'lastMutationId']);
      expect(await names('mutation_results')).toEqual(['at', 'clientId', 'code', 'mutationId', 'reason', 'status']);
      expect(await names('sessions')).toEqual(['agentId', 'createdAt', 'expiresAt', 'revokedAt', 'tokenHash']);
      expect(await names('meta')).toEqual(['key', 'value']);
    });

    it('stores and reads back a row of every entity unchanged', async () => {
      const rows = sampleRows();
      for (const entity of insertOrder) {
        await handle.db
          .insertInto(syncEntities[entity])
          .values(encodeRow(entity, rows[entity] as never, handle.dialect) as never)
          .execute();
      }
      for (const entity of syncEntityNames) {
        const stored = await handle.db.selectFrom(syncEntities[entity]).selectAll().execute();
        expect(stored).toHaveLength(1);
        expect(parseRow(entity, stored[0] as Record<string, unknown>), entity).toEqual(rows[entity]);
      }
      const ticket = await handle.db.selectFrom('tickets').select(['createdAt', 'severity']).executeTakeFirstOrThrow();
      expect(typeof ticket.createdAt).toBe('number'); // bigint comes back as a number, not a string
      const agent = await handle.db.selectFrom('agents').select('active').executeTakeFirstOrThrow();
      expect(agent.active).toBe(handle.dialect === 'sqlite' ? 1 : true);
      expect(decodeRow('agent', { ...(await handle.db.selectFrom('agents').selectAll().executeTakeFirstOrThrow()) }).active).toBe(true);
    });

    it('enforces the foreign keys of child rows', async () => {
      const rows = sampleRows();
      const orphan = { ...rows.message, id: '0b9a1d2e-1111-4a3b-8c4d-0000000000ff', ticketId: '0b9a1d2e-1111-4a3b-8c4d-0000000000fe' };
      await expect(
        handle.db.insertInto('messages').values(encodeRow('message', orphan, handle.dialect)).execute(),
      ).rejects.toThrow(/foreign key/i);
    });

    it('hands out ticket numbers one after the other, also under concurrency', async () => {
      const first = await nextTicketNumber(handle.db);
      const second = await nextTicketNumber(handle.db);
      expect(second).toBe(first + 1);
      const parallel = await Promise.all(
        Array.from({ length: 8 }, () => handle.db.transaction().execute((trx) => nextTicketNumber(trx))),
      );
      expect(new Set(parallel).size).toBe(8);
      expect(Math.min(...parallel)).toBe(second + 1);
      expect(Math.max(...parallel)).toBe(second + 8);
    });

    it('numbers change_log rows in increasing seq order and records the PostgreSQL transaction id', async () => {
      const base = {
        entity: 'ticket',
        entityId: sampleRows().ticket.id,
        op: 'put' as const,
        patch: JSON.stringify({ status: { before: 'new', after: 'open' } }),
        row: '{}',
        version: 2,
        actorId: null,
        clientId: 'c1',
        mutationId: 1,
        clientTime: 1_767_225_600_000,
        serverTime: 1_767_225_600_500,
        replayed: handle.dialect === 'sqlite' ? 0 : false,
      };
      const a = await handle.db.insertInto('change_log').values(base).returning(['seq', 'txid']).executeTakeFirstOrThrow();
      const b = await handle.db
        .insertInto('change_log')
        .values({ ...base, mutationId: 2 })
        .returning(['seq', 'txid'])
        .executeTakeFirstOrThrow();
      expect(typeof a.seq).toBe('number');
      expect(b.seq).toBeGreaterThan(a.seq);
      if (handle.dialect === 'postgres') {
        expect(typeof a.txid).toBe('number');
        expect(b.txid).not.toBe(a.txid);
      } else {
        expect(a.txid).toBeNull();
      }
    });

    if (target.dialect === 'sqlite') {
      it('opens SQLite with WAL, synchronous FULL, foreign keys and a busy timeout', async () => {
        const pragma = async (name: string) =>
          Object.values((await sql.raw(`pragma ${name}`).execute(handle.db)).rows[0] as Record<string, unknown>)[0];
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('synchronous')).toBe(2);
        expect(await pragma('foreign_keys')).toBe(1);
        expect(await pragma('busy_timeout')).toBe(5000);
      });
    }
  });
}
