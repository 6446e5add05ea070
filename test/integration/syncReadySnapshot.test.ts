import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { trimChangeLog } from '../../server/sync';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { eventually, startTestSyncClient, type TestSyncClient } from './syncClients';
import { seedSyncData, type SyncSeed } from './syncSupport';

const targets = await withTestDatabases();

/**
 * The ready snapshot (ACCORD_READY_SNAPSHOT=on-demand): the segmented bootstrap one agent's request rendered is
 * what the next agents get, and a client loaded from it converges on the server through pull.
 */
for (const target of targets) {
  describe.skipIf(!target.available)(`ready bootstrap snapshot (${target.label})`, () => {
    let server: TestServer;
    let seed: SyncSeed;
    let token: string;
    const clients: TestSyncClient[] = [];

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { env: { ACCORD_READY_SNAPSHOT: 'on-demand' } });
      seed = await seedSyncData(server.ctx.db, server.ctx.dialect, 12);
      token = (await createSession(server.ctx.db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      for (const client of clients) await client.close();
      await server?.close();
    });

    async function bootstrapText(query = '?format=segments'): Promise<string> {
      const response = await fetch(`${server.baseUrl}/api/sync/bootstrap${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return response.text();
    }
    const seqOf = (text: string) => (JSON.parse(text.slice(0, text.indexOf('\n'))) as { seq: number }).seq;

    async function reply(ticketId: string, body: string, mutationId = 1): Promise<void> {
      const response = await fetch(`${server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: randomUUID(),
          mutations: [{ id: mutationId, name: 'ticket.reply', args: { ticketId, messageId: randomUUID(), body }, clientTime: Date.now() }],
        }),
      });
      expect(response.status).toBe(200);
    }

    it('serves the next agent the snapshot the first one rendered; the client pulls what came after it', async () => {
      const first = await bootstrapText();
      const ticket = seed.tickets[0]!;
      await reply(ticket.id, 'Written after the snapshot was rendered.');

      const second = await bootstrapText();
      expect(second).toBe(first);
      // The rows format is never served from the ready snapshot: it is rendered, with the reply in it.
      expect(await bootstrapText('')).toContain('Written after the snapshot was rendered.');

      const client = await startTestSyncClient(server.baseUrl, server.ctx.db, seed.agents.tier1);
      clients.push(client);
      // PostgreSQL serves a change once every commit before it is visible: pull until it is.
      await eventually(async () => {
        await client.engine.syncOnce();
        const thread = await client.data.getStoredRow(client.db, 'threads', ticket.id);
        expect(thread?.messages.map((m: { body: string }) => m.body)).toContain('Written after the snapshot was rendered.');
      });
      const serverCount = await server.ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(await client.data.countStoredRows(client.db, 'tickets')).toBe(Number(serverCount.n));
      // The client took the outline (this server keeps snapshot files): every segment came as a range, a Blob.
      const segments = (await client.db.table('segments').toArray()) as Array<{ blob?: unknown }>;
      expect(segments.length).toBeGreaterThan(0);
      for (const segment of segments) expect(segment.blob).toBeInstanceOf(Blob);
    });

    it('renders again once the log no longer holds the snapshot seq, so a client is never sent back to a 410', async () => {
      const before = seqOf(await bootstrapText());
      await reply(seed.tickets[1]!.id, 'Pushes the log on.');
      const head = Number((await server.ctx.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
      await trimChangeLog(server.ctx.db, head);
      const after = seqOf(await bootstrapText());
      expect(after).toBeGreaterThan(before);
      expect(after).toBeGreaterThanOrEqual(head);
    });
  });
}
