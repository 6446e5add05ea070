import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { trimChangeLog } from '../../server/sync';
import type { PushResponse } from '../../shared/sync/protocol';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { eventually, startTestSyncClient, type TestSyncClient } from './syncClients';
import { seedSyncData, type SyncSeed } from './syncSupport';

const targets = await withTestDatabases();

async function errorOf(response: Response): Promise<{ code: string; message: string; details?: unknown }> {
  return ((await response.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

for (const target of targets) {
  describe.skipIf(!target.available)(`sync over HTTP (${target.label})`, () => {
    let server: TestServer;
    let seed: SyncSeed;
    let token: string;
    const clients: TestSyncClient[] = [];

    beforeAll(async () => {
      server = await startTestServer(target.dialect);
      seed = await seedSyncData(server.ctx.db, server.ctx.dialect, 20);
      token = (await createSession(server.ctx.db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      for (const client of clients) await client.close();
      await server?.close();
    });

    async function client(agent = seed.agents.tier1, options: Parameters<typeof startTestSyncClient>[3] = {}) {
      const started = await startTestSyncClient(server.baseUrl, server.ctx.db, agent, options);
      clients.push(started);
      return started;
    }

    async function push(body: unknown, bearer = token): Promise<Response> {
      return fetch(`${server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }

    it('refuses unauthenticated sync requests with the error shape', async () => {
      const response = await fetch(`${server.baseUrl}/api/sync/pull?cursor=0`);
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('unauthorized');
    });

    it('applies each pushed mutation exactly once; a retried push is skipped', async () => {
      const clientId = randomUUID();
      const ticket = seed.tickets[0]!;
      const messageId = randomUUID();
      const body = {
        clientId,
        mutations: [
          { id: 1, name: 'ticket.reply', args: { ticketId: ticket.id, messageId, body: 'We are on it.' }, clientTime: Date.now() },
          { id: 2, name: 'ticket.addTag', args: { ticketId: ticket.id, tag: 'vpn-outage' }, clientTime: Date.now() },
        ],
      };
      const first = (await (await push(body)).json()) as PushResponse;
      expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const again = (await (await push(body)).json()) as PushResponse;
      expect(again.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
      expect(again.lastMutationId).toBe(2);
      const messages = await server.ctx.db.selectFrom('messages').selectAll().where('id', '=', messageId).execute();
      expect(messages).toHaveLength(1);
      const logged = await server.ctx.db.selectFrom('change_log').selectAll().where('clientId', '=', clientId).execute();
      expect(logged.map((row) => [row.mutationId, row.entity])).toEqual([
        [1, 'message'],
        [1, 'ticket'],
        [2, 'ticket'],
      ]);
      // The audit trail: actor, both clocks, and before/after of the changed field.
      const tagChange = logged[2]!;
      expect(tagChange.actorId).toBe(seed.agents.tier1.id);
      expect(JSON.parse(tagChange.patch!).tags).toEqual({ before: [], after: ['vpn-outage'] });
    });

    it('refuses a gap (409 with where to resume) and records rejections that still advance the id', async () => {
      const clientId = randomUUID();
      const ticket = seed.tickets[1]!;
      const gap = await push({ clientId, mutations: [{ id: 2, name: 'ticket.addTag', args: { ticketId: ticket.id, tag: 'x' }, clientTime: 1 }] });
      expect(gap.status).toBe(409);
      expect(await errorOf(gap)).toMatchObject({ code: 'sync_mutation_gap', details: { lastMutationId: 0 } });

      const rejected = (await (
        await push({
          clientId,
          mutations: [
            { id: 1, name: 'ticket.setStatus', args: { ticketId: ticket.id, status: 'closed' }, clientTime: 1 },
            { id: 2, name: 'ticket.addTag', args: { ticketId: ticket.id, tag: 'after-reject' }, clientTime: 1 },
          ],
        })
      ).json()) as PushResponse;
      expect(rejected.results[0]).toMatchObject({ status: 'rejected', code: 'stale' });
      expect(rejected.results[1]).toMatchObject({ status: 'applied' });
      expect(rejected.lastMutationId).toBe(2);
      // The retry of a rejected mutation gets its reason again (the first reply may have been lost).
      const retried = (await (
        await push({ clientId, mutations: [{ id: 1, name: 'ticket.setStatus', args: { ticketId: ticket.id, status: 'closed' }, clientTime: 1 }] })
      ).json()) as PushResponse;
      expect(retried.results[0]).toMatchObject({ status: 'rejected', code: 'stale' });
    });

    it('bootstraps a client, and a change by one client is visible at another within a second (poke)', async () => {
      const a = await client(seed.agents.tier1);
      const b = await client(seed.agents.lead);
      await eventually(async () => expect(await b.data.countStoredRows(b.db, 'tickets')).toBeGreaterThanOrEqual(20));
      await eventually(async () => expect(await a.data.countStoredRows(a.db, 'tickets')).toBeGreaterThanOrEqual(20));
      await eventually(async () => {
        const progress = (await b.db.meta.get('sync.bootstrap')).value;
        expect(progress.state).toBe('done');
        expect(progress.loaded).toBe(progress.total);
        expect(progress.entities.ticket).toEqual({ loaded: 20, total: 20 });
      });

      const ticket = seed.tickets[3]!;
      const started = Date.now();
      await a.mutate('ticket.addTag', { ticketId: ticket.id, tag: 'seen-by-lead' });
      // Optimistic at once on A (overlay), confirmed later.
      expect((await a.data.viewRow(a.db, 'ticket', ticket.id)).tags).toContain('seen-by-lead');
      await eventually(async () => expect((await b.data.getStoredRow(b.db, 'tickets', ticket.id)).tags).toContain('seen-by-lead'), 1000, 5);
      expect(Date.now() - started).toBeLessThan(1000);
      // A's outbox drains once its pull confirms the change.
      await eventually(async () => expect(await a.db.outbox.count()).toBe(0));
      expect(await a.db.overlay.count()).toBe(0);
    });

    it('keeps working offline and delivers exactly once on reconnect; a stale owner change is rejected and shown', async () => {
      const a = await client(seed.agents.tier1);
      const lead = await client(seed.agents.lead);
      const ticket = seed.tickets[5]!;
      await eventually(async () => expect(await a.data.getStoredRow(a.db, 'tickets', ticket.id)).toBeTruthy());
      // The lead changes the ticket from its own cache below: wait for its bootstrap too.
      await eventually(async () => expect(await lead.data.getStoredRow(lead.db, 'tickets', ticket.id)).toBeTruthy());
      const seenVersion = (await a.data.getStoredRow(a.db, 'tickets', ticket.id)).version;

      a.network.offline = true;
      const replyId = randomUUID();
      await a.mutate('ticket.reply', { ticketId: ticket.id, messageId: replyId, body: 'Written on the train' });
      await a.mutate('ticket.setStatus', { ticketId: ticket.id, status: 'pending_customer', fromStatus: 'open' });
      expect((await a.data.viewRow(a.db, 'ticket', ticket.id)).status).toBe('pending_customer');
      // Meanwhile the lead takes the ticket online.
      await lead.mutate('ticket.assign', { ticketId: ticket.id, assigneeId: seed.agents.lead.id, expectedVersion: seenVersion });
      await eventually(async () => expect((await server.ctx.db.selectFrom('tickets').select('ownerId').where('id', '=', ticket.id).executeTakeFirst())?.ownerId).toBe(seed.agents.lead.id));
      // A (still offline, still seeing the old owner) takes it too: made against what A saw.
      const aView = await a.data.viewRow(a.db, 'ticket', ticket.id);
      await a.mutate('ticket.assign', { ticketId: ticket.id, assigneeId: seed.agents.tier1.id, expectedVersion: aView.version });
      expect(await a.db.outbox.where('status').equals('pending').count()).toBe(3);

      a.network.offline = false;
      a.engine.trigger();
      await eventually(async () => expect(await a.db.outbox.where('status').equals('pending').count()).toBe(0), 5000);
      const rejected = await a.db.outbox.where('status').equals('rejected').toArray();
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ name: 'ticket.assign', rejectCode: 'stale' });
      expect(rejected[0].rejectReason).toContain('Lea Lead');
      const row = await server.ctx.db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ ownerId: seed.agents.lead.id, status: 'pending_customer' });
      expect(await server.ctx.db.selectFrom('messages').select('id').where('id', '=', replyId).execute()).toHaveLength(1);
      const replayed = await server.ctx.db.selectFrom('change_log').select(['replayed']).where('entityId', '=', replyId).executeTakeFirstOrThrow();
      expect(Boolean(replayed.replayed)).toBe(true);
      // The agent discards the rejected change.
      await a.data.discardRejected(a.db, rejected[0].id);
      expect(await a.db.outbox.count()).toBe(0);
      expect((await a.data.viewRow(a.db, 'ticket', ticket.id)).ownerId).toBe(seed.agents.lead.id);
    });

    it('answers 410 for a trimmed cursor and the client re-bootstraps without losing its outbox', async () => {
      const a = await client(seed.agents.tier1, { live: false });
      await eventually(async () => expect(await a.db.meta.get('sync.cursor')).toBeTruthy());
      const ticket = seed.tickets[7]!;
      a.network.offline = true;
      await a.mutate('ticket.addTag', { ticketId: ticket.id, tag: 'kept-through-410' });
      // Other traffic, then the server trims its log past A's cursor.
      const other = randomUUID();
      await push({ clientId: other, mutations: [{ id: 1, name: 'ticket.setSeverity', args: { ticketId: seed.tickets[8]!.id, severity: 2 }, clientTime: 1 }] });
      const head = Number((await server.ctx.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
      await trimChangeLog(server.ctx.db, head);
      const cursor = (await a.db.meta.get('sync.cursor')).value as number;
      const expired = await fetch(`${server.baseUrl}/api/sync/pull?cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(410);
      expect((await errorOf(expired)).code).toBe('sync_cursor_expired');

      a.network.offline = false;
      a.engine.trigger();
      await eventually(async () => {
        expect(await a.db.outbox.count()).toBe(0);
        expect((await a.data.getStoredRow(a.db, 'tickets', ticket.id)).tags).toContain('kept-through-410');
        expect((await a.data.getStoredRow(a.db, 'tickets', seed.tickets[8]!.id)).severity).toBe(2);
      }, 5000);
    });
  });
}
