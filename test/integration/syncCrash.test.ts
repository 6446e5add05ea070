import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { createDb, migrateToLatest, type DbHandle } from '../../server/db';
import type { PushResponse } from '../../shared/sync/protocol';
import { withTestDatabases, type TestDatabase } from '../support/testDb';
import { startServerProcess, type ServerProcess } from './syncProcesses';
import { seedSyncData, type SyncSeed } from './syncSupport';

/**
 * The server process is SIGKILLed between commit and reply, and in the middle of a batch. After a restart and
 * the client's retry of the same push, every change is present exactly once.
 */
const targets = await withTestDatabases();

for (const target of targets) {
  describe.skipIf(!target.available)(`sync survives a killed server (${target.label})`, () => {
    let database: TestDatabase;
    let handle: DbHandle;
    let seed: SyncSeed;
    let token: string;
    const processes: ServerProcess[] = [];

    beforeAll(async () => {
      database = await target.create();
      handle = createDb(database.url);
      await migrateToLatest(handle.db, handle.dialect);
      seed = await seedSyncData(handle.db, handle.dialect, 3);
      token = (await createSession(handle.db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      for (const process of processes) await process.kill();
      await handle?.close();
      await database?.drop();
    });

    async function start(env: Record<string, string> = {}) {
      const started = await startServerProcess(database.url, env);
      processes.push(started);
      return started;
    }

    function replies(count: number, ticketId: string) {
      return Array.from({ length: count }, (_, i) => ({
        id: i + 1,
        name: 'ticket.reply',
        args: { ticketId, messageId: randomUUID(), body: `reply ${i + 1}` },
        clientTime: Date.now(),
      }));
    }

    async function push(baseUrl: string, body: unknown): Promise<Response> {
      return fetch(`${baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }

    async function countMessages(ids: string[]): Promise<number> {
      const rows = await handle.db.selectFrom('messages').select('id').where('id', 'in', ids).execute();
      return rows.length;
    }

    it('killed after commit, before the reply: the retry is skipped, each change present once', async () => {
      const crashing = await start({ ACCORD_TEST_CRASH_ON_PUSH_REPLY: '1' });
      const clientId = randomUUID();
      const mutations = replies(3, seed.tickets[0]!.id);
      await expect(push(crashing.baseUrl, { clientId, mutations })).rejects.toThrow();
      await crashing.exited;
      // Committed although the client never heard back.
      const messageIds = mutations.map((m) => m.args.messageId);
      expect(await countMessages(messageIds)).toBe(3);

      const restarted = await start();
      const retry = (await (await push(restarted.baseUrl, { clientId, mutations })).json()) as PushResponse;
      expect(retry.results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(retry.lastMutationId).toBe(3);
      expect(await countMessages(messageIds)).toBe(3);
      await restarted.kill();
    });

    it('killed mid-batch: the committed prefix stays, the retry applies the rest, nothing twice', async () => {
      const server = await start();
      const clientId = randomUUID();
      const mutations = replies(400, seed.tickets[1]!.id);
      const pending = push(server.baseUrl, { clientId, mutations }).catch(() => null);
      // Kill once some, but not all, mutations of the batch have committed.
      for (;;) {
        const done = await handle.db.selectFrom('mutation_results').select('mutationId').where('clientId', '=', clientId).execute();
        if (done.length >= 5) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await server.kill();
      expect(await pending).toBeNull();
      const committed = (await handle.db.selectFrom('mutation_results').select('mutationId').where('clientId', '=', clientId).execute()).length;
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(400);

      const restarted = await start();
      const retry = (await (await push(restarted.baseUrl, { clientId, mutations })).json()) as PushResponse;
      expect(retry.results.filter((r) => r.status === 'skipped')).toHaveLength(committed);
      expect(retry.results.filter((r) => r.status === 'applied')).toHaveLength(400 - committed);
      expect(await countMessages(mutations.map((m) => m.args.messageId))).toBe(400);
      const results = await handle.db.selectFrom('mutation_results').select('mutationId').where('clientId', '=', clientId).orderBy('mutationId').execute();
      expect(results.map((r) => Number(r.mutationId))).toEqual(mutations.map((m) => m.id));
      const logged = await handle.db.selectFrom('change_log').select('mutationId').where('clientId', '=', clientId).where('entity', '=', 'message').execute();
      expect(logged).toHaveLength(400);
      await restarted.kill();
    });
  });
}
