import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { bootstrapLines as streamBootstrap } from '../../server/sync/bootstrapStream';
import { encodeRow } from '../../server/db';
import type { Message, SlaEvent, Ticket } from '../../shared/domain';
import type { LazyTicketDetail, TicketDetailResponse } from '../../shared/sync/protocol';
import { inTicketNumberRanges } from '../../shared/sync/ticketRanges';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { eventually, startTestSyncClient } from './syncClients';
import { seedSyncData, ticketRow, type SyncSeed } from './syncSupport';

/**
 * What the bootstrap leaves out of the large cache (issue 3, Speed) and how it comes back: threads of tickets
 * closed more than 90 days ago and the SLA history of solved tickets, loaded per ticket on open.
 */
const targets = await withTestDatabases();
const DAY = 86_400_000;
/** The server's clock, fixed (the only fake: time). */
const NOW = 1_790_000_000_000;

function messageRow(ticketId: string, createdAt: number, body: string): Message {
  return { id: randomUUID(), ticketId, kind: 'customer_message', authorAgentId: null, authorContactId: null, body, bodyFormat: 'text', attachments: [], createdAt };
}

function eventRow(ticketId: string, kind: SlaEvent['kind'], at: number): SlaEvent {
  return { id: `${ticketId}/resolution/0/${kind}/${at}`, ticketId, metric: 'resolution', kind, at, dueAt: at + DAY };
}

type Line = { type: string; entity?: string; rows?: Array<Record<string, unknown>>; lazy?: LazyTicketDetail; counts?: Record<string, number> };

for (const target of targets) {
  describe.skipIf(!target.available)(`bootstrap scope and lazy ticket detail (${target.label})`, () => {
    let server: TestServer;
    let seed: SyncSeed;
    let token: string;
    let oldClosed: Ticket;
    let recentSolved: Ticket;
    let open: Ticket;
    const messages: Record<'oldClosed' | 'recentSolved' | 'open', Message[]> = { oldClosed: [], recentSolved: [], open: [] };
    const events: Record<'oldClosed' | 'recentSolved' | 'open', SlaEvent[]> = { oldClosed: [], recentSolved: [], open: [] };

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { now: () => NOW });
      const { db, dialect } = server.ctx;
      seed = await seedSyncData(db, dialect, 2, NOW - 200 * DAY);
      const accountId = seed.account.id;
      oldClosed = ticketRow(accountId, 3, NOW - 130 * DAY, { status: 'closed', solvedAt: NOW - 120 * DAY, updatedAt: NOW - 110 * DAY });
      recentSolved = ticketRow(accountId, 4, NOW - 10 * DAY, { status: 'solved', solvedAt: NOW - 2 * DAY, updatedAt: NOW - 2 * DAY });
      open = ticketRow(accountId, 5, NOW - 300 * DAY, { status: 'open', updatedAt: NOW - 200 * DAY });
      messages.oldClosed = [messageRow(oldClosed.id, NOW - 130 * DAY, 'SAML login fails'), messageRow(oldClosed.id, NOW - 121 * DAY, 'Fixed, thanks')];
      messages.recentSolved = [messageRow(recentSolved.id, NOW - 10 * DAY, 'Webhook delays')];
      messages.open = [messageRow(open.id, NOW - 300 * DAY, 'Export times out')];
      events.oldClosed = [
        eventRow(oldClosed.id, 'start', NOW - 130 * DAY),
        eventRow(oldClosed.id, 'breach', NOW - 95 * DAY), // this quarter's breaches stay (account exposure)
        eventRow(oldClosed.id, 'fulfil', NOW - 94 * DAY), // older than the lead board's 30 days
      ];
      events.recentSolved = [eventRow(recentSolved.id, 'start', NOW - 10 * DAY), eventRow(recentSolved.id, 'fulfil', NOW - 2 * DAY)];
      events.open = [eventRow(open.id, 'start', NOW - 300 * DAY), eventRow(open.id, 'warn', NOW - 299 * DAY)];
      for (const ticket of [oldClosed, recentSolved, open]) await db.insertInto('tickets').values(encodeRow('ticket', ticket, dialect) as never).execute();
      await db.updateTable('meta').set({ value: '5' }).where('key', '=', 'ticket_number').execute();
      for (const m of Object.values(messages).flat()) await db.insertInto('messages').values(encodeRow('message', m, dialect) as never).execute();
      for (const e of Object.values(events).flat()) await db.insertInto('sla_events').values(encodeRow('sla_event', e, dialect) as never).execute();
      token = (await createSession(db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      await server?.close();
    });

    async function bootstrapLines(): Promise<Line[]> {
      const response = await fetch(`${server.baseUrl}/api/sync/bootstrap`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.text())
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Line);
    }

    const idsOf = (lines: Line[], entity: string) => new Set(lines.filter((l) => l.entity === entity).flatMap((l) => l.rows!.map((r) => String(r.id))));

    it("never splits a ticket's messages or SLA events across two lines (clients store them per ticket)", async () => {
      const lines: Line[] = [];
      for await (const text of streamBootstrap(server.ctx.db, NOW, ['message', 'sla_event'], { ticketsPerPage: 1 })) lines.push(JSON.parse(text) as Line);
      for (const entity of ['message', 'sla_event']) {
        const pages = lines.filter((l) => l.entity === entity);
        const ticketsPerLine = pages.map((l) => [...new Set(l.rows!.map((r) => String(r.ticketId)))]);
        // One ticket per page here, each in exactly one page, in ticket id order, its rows in time order.
        expect(ticketsPerLine.every((ids) => ids.length === 1)).toBe(true);
        const order = ticketsPerLine.map((ids) => ids[0]!);
        expect(order).toEqual([...new Set(order)].sort());
        for (const page of pages) {
          const times = page.rows!.map((r) => Number(entity === 'message' ? r.createdAt : r.at));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        expect(new Set(pages.flatMap((l) => l.rows!.map((r) => String(r.id))))).toEqual(idsOf(await bootstrapLines(), entity));
      }
      expect(lines.filter((l) => l.entity === 'message')).toHaveLength(2);
    });

    it('leaves out old closed threads and the settled SLA history, and names those tickets', async () => {
      const lines = await bootstrapLines();
      const begin = lines[0]!;
      expect(begin.type).toBe('begin');
      const lazy = begin.lazy!;
      expect(inTicketNumberRanges(lazy.message, oldClosed.number!)).toBe(true);
      expect(inTicketNumberRanges(lazy.message, recentSolved.number!)).toBe(false);
      expect(inTicketNumberRanges(lazy.message, open.number!)).toBe(false);
      expect(inTicketNumberRanges(lazy.sla_event, oldClosed.number!)).toBe(true);
      expect(inTicketNumberRanges(lazy.sla_event, recentSolved.number!)).toBe(true);
      expect(inTicketNumberRanges(lazy.sla_event, open.number!)).toBe(false);

      const messageIds = idsOf(lines, 'message');
      expect(messageIds).toEqual(new Set([...messages.recentSolved, ...messages.open].map((m) => m.id)));
      const eventIds = idsOf(lines, 'sla_event');
      expect(eventIds).toEqual(new Set([events.oldClosed[1]!, events.recentSolved[1]!, ...events.open].map((e) => e.id)));
      // Every ticket is there, the unsolved ones first; the announced counts are what was sent.
      const tickets = lines.filter((l) => l.entity === 'ticket').flatMap((l) => l.rows!);
      expect(tickets).toHaveLength(5);
      expect(tickets.findIndex((t) => t.id === open.id)).toBeLessThan(tickets.findIndex((t) => t.id === oldClosed.id));
      expect(begin.counts!.message).toBe(messageIds.size);
      expect(begin.counts!.sla_event).toBe(eventIds.size);
    });

    it('counts and names the lazy tickets alike however many tickets each of its reads covers', async () => {
      const at = Date.now();
      const beginOf = async (options: { ticketsPerCount?: number }) => {
        for await (const text of streamBootstrap(server.ctx.db, at, undefined, options)) return JSON.parse(text) as Line;
        throw new Error('no begin line');
      };
      const whole = await beginOf({});
      // Five tickets: reads of two cover three ranges of them, the last one open-ended.
      expect(await beginOf({ ticketsPerCount: 2 })).toEqual(whole);
      expect(await beginOf({ ticketsPerCount: 1 })).toEqual(whole);
      expect(whole.counts!.message).toBeGreaterThan(0);
    });

    it('serves a ticket’s whole thread and SLA history on request, with the error shape for bad requests', async () => {
      const get = (query: string, bearer: string | null = token) =>
        fetch(`${server.baseUrl}/api/sync/ticket-detail${query}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
      const response = await get(`?ticketId=${oldClosed.id}`);
      expect(response.status).toBe(200);
      const detail = (await response.json()) as TicketDetailResponse;
      expect(detail.ticketId).toBe(oldClosed.id);
      expect(detail.messages.map((m) => m.id)).toEqual(messages.oldClosed.map((m) => m.id));
      expect(detail.messages[0]!.body).toBe('SAML login fails');
      expect(detail.slaEvents.map((e) => e.id)).toEqual(events.oldClosed.map((e) => e.id));

      expect((await get(`?ticketId=${oldClosed.id}`, null)).status).toBe(401);
      const missing = await get('');
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('bad_request');
      const unknown = await get(`?ticketId=${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });

    it('the client loads the left-out detail on demand, caches it, and reports offline clearly', async () => {
      const client = await startTestSyncClient(server.baseUrl, server.ctx.db, seed.agents.tier1, { live: false });
      try {
        await eventually(async () => expect((await client.db.meta.get('sync.bootstrap'))?.value?.state).toBe('done'), 20_000);
        const { missingTicketDetail } = (await import(
          /* @vite-ignore */ new URL('../../renderer/src/data/ticketDetail.ts', import.meta.url).href
        )) as { missingTicketDetail(db: unknown, t: Pick<Ticket, 'id' | 'number'>): Promise<{ thread: boolean; slaHistory: boolean }> };
        const engine = client.engine as unknown as { loadTicketDetail(ticketId: string): Promise<void> };
        const threadOf = async (ticketId: string) =>
          (((await client.data.getStoredRow(client.db, 'threads', ticketId)) as { messages: Message[] } | undefined)?.messages ?? []).map((m) => m.id).sort();

        expect(await threadOf(oldClosed.id)).toEqual([]);
        expect(await missingTicketDetail(client.db, oldClosed)).toEqual({ thread: true, slaHistory: true });
        expect(await missingTicketDetail(client.db, recentSolved)).toEqual({ thread: false, slaHistory: true });
        expect(await missingTicketDetail(client.db, open)).toEqual({ thread: false, slaHistory: false });

        client.network.offline = true;
        await expect(engine.loadTicketDetail(oldClosed.id)).rejects.toBeInstanceOf(client.data.SyncNetworkError);
        expect(await missingTicketDetail(client.db, oldClosed)).toEqual({ thread: true, slaHistory: true });

        client.network.offline = false;
        await engine.loadTicketDetail(oldClosed.id);
        expect(await threadOf(oldClosed.id)).toEqual(messages.oldClosed.map((m) => m.id).sort());
        const cachedEvents = ((await client.data.getStoredRow(client.db, 'slaHistories', oldClosed.id)) as { events: SlaEvent[] }).events;
        expect(cachedEvents.map((e) => e.id).sort()).toEqual(events.oldClosed.map((e) => e.id).sort());
        expect(await missingTicketDetail(client.db, oldClosed)).toEqual({ thread: false, slaHistory: false });

        // Cached for good: readable with the network gone.
        client.network.offline = true;
        expect(await threadOf(oldClosed.id)).toHaveLength(2);
      } finally {
        await client.close();
      }
    });
  });
}
