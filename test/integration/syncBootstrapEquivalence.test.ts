import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { decodeRow, encodeRow } from '../../server/db';
import { bootstrapChunks, bootstrapLines } from '../../server/sync/bootstrapStream';
import type { SyncEntity } from '../../shared/sync/entities';
import { syncEntities } from '../../shared/sync/entities';
import type { EscalationPacket, Message, SlaEvent, Ticket } from '../../shared/domain';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { seedSyncData, ticketRow, type SyncSeed } from './syncSupport';

/**
 * The optimised bootstrap (rows rendered as JSON by SQLite, pages cut in one statement; chunked reads on
 * PostgreSQL) sends exactly the text a straightforward reference would: every rows line is byte for byte
 * `JSON.stringify` of the rows read one by one through the codec, on real databases, with text that exercises
 * every escape and values the SQLite renderer must hand back to the JS path.
 */
const targets = await withTestDatabases();
const DAY = 86_400_000;
/** The server's clock, fixed (the only fake: time). */
const NOW = 1_790_000_000_000;

/** Every BMP character but the surrogates (and NUL, which PostgreSQL text cannot hold), then astral ones and the characters JSON treats specially. */
function everyCharacter(dialect: string): string {
  let text = '';
  for (let c = dialect === 'sqlite' ? 0 : 1; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) text += String.fromCharCode(c);
  return `${text}😀𝄞\u{10ffff}"\\/\b\f\n\r\t\u2028\u2029\u007f`;
}

function messageRow(ticketId: string, createdAt: number, body: string, attachments: Message['attachments'] = []): Message {
  return { id: randomUUID(), ticketId, kind: 'customer_message', authorAgentId: null, authorContactId: null, body, bodyFormat: 'text', attachments, createdAt };
}

function eventRow(ticketId: string, kind: SlaEvent['kind'], at: number, patch: Partial<SlaEvent> = {}): SlaEvent {
  return { id: `${ticketId}/first_response/0/${kind}/${at}`, ticketId, metric: 'first_response', kind, at, dueAt: at + DAY, ...patch };
}

type RowsLine = { type: 'rows'; entity: SyncEntity; rows: Array<Record<string, unknown>> };

for (const target of targets) {
  describe.skipIf(!target.available)(`bootstrap stream equals the codec reference (${target.label})`, () => {
    let server: TestServer;
    let seed: SyncSeed;
    let token: string;
    const odd: { messageId?: string; eventId?: string } = {};

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { now: () => NOW });
      const { db, dialect } = server.ctx;
      seed = await seedSyncData(db, dialect, 12, NOW - 50 * DAY);
      const accountId = seed.account.id;
      const extra: Ticket[] = [
        ticketRow(accountId, 13, NOW - 200 * DAY, { status: 'closed', solvedAt: NOW - 150 * DAY, updatedAt: NOW - 140 * DAY, tags: ['ünïcødé', 'quote"d', 'back\\slash'] }),
        ticketRow(accountId, 14, NOW - 5 * DAY, { status: 'solved', solvedAt: NOW - DAY, updatedAt: NOW - DAY, subject: everyCharacter(dialect).slice(0, 5000) }),
      ];
      for (const ticket of extra) await db.insertInto('tickets').values(encodeRow('ticket', ticket, dialect) as never).execute();
      await db.updateTable('meta').set({ value: '14' }).where('key', '=', 'ticket_number').execute();
      const tickets = [...seed.tickets, ...extra];

      const messages: Message[] = [];
      tickets.forEach((ticket, i) => {
        // Ticket 0 has more rows than one read of the chunked path holds (rowsPerRead below).
        const count = i === 0 ? 9 : (i % 4) + 1;
        for (let j = 0; j < count; j++) {
          messages.push(messageRow(ticket.id, NOW - (30 - j) * DAY, `${ticket.subject} #${j} — “smart” 'quotes' <b>&amp;</b>`, j === 0 ? [{ name: 'log\n.txt', sizeBytes: 12, contentType: 'text/plain; charset="utf-8"' }] : []));
        }
      });
      // Same createdAt twice: the id breaks the tie.
      messages.push({ ...messageRow(tickets[1]!.id, NOW - 30 * DAY, 'same time, other id'), id: '00000000-0000-4000-8000-000000000000' });
      messages.push(messageRow(tickets[2]!.id, NOW - 3 * DAY, everyCharacter(dialect)));
      for (const m of messages) await db.insertInto('messages').values(encodeRow('message', m, dialect) as never).execute();

      const events: SlaEvent[] = [];
      tickets.forEach((ticket, i) => {
        events.push(eventRow(ticket.id, 'start', NOW - 30 * DAY));
        if (i % 2 === 0) events.push(eventRow(ticket.id, 'warn', NOW - 29 * DAY, { dueAt: undefined, previousDueAt: NOW - 20 * DAY, provisional: i % 4 === 0 }));
        if (i % 3 === 0) events.push(eventRow(ticket.id, 'breach', NOW - 28 * DAY, { provisional: false }));
      });
      for (const e of events) await db.insertInto('sla_events').values(encodeRow('sla_event', e, dialect) as never).execute();

      const escalation: EscalationPacket = {
        id: randomUUID(),
        ticketId: tickets[3]!.id,
        fromTier: 1,
        toTier: 2,
        status: 'submitted',
        summary: 'Export fails with "quota" \\ errors',
        logs: everyCharacter(dialect).slice(0, 20_000),
        reproductionSteps: '1. open\n2. export',
        environment: { productVersion: '4.2', platform: 'Windows 11 — ARM', integrations: ['Salesforce', 'Zendesk "classic"'], region: 'eu-west' },
        alreadyTried: '',
        impact: { usersAffected: null, businessImpact: 'renewal at risk', arrAtStakeMinor: 12_345_600, renewalDate: '2026-12-31' },
        createdBy: seed.agents.tier1.id,
        createdAt: NOW - 4 * DAY,
        submittedAt: NOW - 4 * DAY + 1,
        decidedBy: null,
        decidedAt: null,
        returnReason: null,
        version: 1,
        updatedAt: NOW - 4 * DAY + 1,
      } as EscalationPacket;
      await db.insertInto('escalations').values(encodeRow('escalation', escalation, dialect) as never).execute();

      // Stored values the SQLite renderer cannot reproduce and must leave to the JS path: JSON text that is not
      // JSON.stringify's (written around the codec, as a hand-run script might) and a non-integer in an integer column.
      const oddMessage = messages[5]!;
      odd.messageId = oddMessage.id;
      await db.updateTable('messages').set({ attachments: '[\n  ]' }).where('id', '=', oddMessage.id).execute();
      const oddEvent = events[3]!;
      odd.eventId = oddEvent.id;
      // (PostgreSQL's BIGINT refuses 1.5 outright.)
      if (dialect === 'sqlite') await db.updateTable('sla_events').set({ dueAt: 1.5 }).where('id', '=', oddEvent.id).execute();

      token = (await createSession(db, seed.agents.tier1.id, Date.now())).token;
    });
    afterAll(async () => {
      await server?.close();
    });

    /** The reference: each row read alone by id through the codec, the line stringified whole. */
    async function referenceLine(line: RowsLine): Promise<string> {
      const table = syncEntities[line.entity];
      const untyped = server.ctx.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
      const rows = [];
      for (const row of line.rows) {
        const stored = await untyped.selectFrom(table).selectAll().where('id', '=', String(row.id)).executeTakeFirstOrThrow();
        rows.push(decodeRow(line.entity, stored as Record<string, unknown>));
      }
      return `${JSON.stringify({ type: 'rows', entity: line.entity, rows })}\n`;
    }

    it('writes every rows line exactly as JSON.stringify of the rows read through the codec', async () => {
      const response = await fetch(`${server.baseUrl}/api/sync/bootstrap`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const body = await response.text();
      const lines = body.split('\n').slice(0, -1);
      expect(body.endsWith('\n')).toBe(true);
      const entitiesSeen = new Set<string>();
      let rowsChecked = 0;
      for (const text of lines) {
        const parsed = JSON.parse(text) as { type: string };
        if (parsed.type !== 'rows') continue;
        const line = parsed as RowsLine;
        entitiesSeen.add(line.entity);
        rowsChecked += line.rows.length;
        expect(`${text}\n`).toBe(await referenceLine(line));
      }
      for (const entity of ['agent', 'account', 'ticket', 'message', 'sla_event', 'escalation']) expect(entitiesSeen).toContain(entity);
      // The odd rows came through (by the JS path on SQLite), with the reference's text.
      expect(body).toContain(odd.messageId);
      expect(body).toContain(odd.eventId);
      expect(rowsChecked).toBeGreaterThan(80);
    });

    it('sends the same bytes as the JS rendering, with pages of whole tickets cut at the same places', async () => {
      for (const options of [{}, { ticketsPerPage: 2, rowsPerRead: 3 }, { ticketsPerPage: 1, rowsPerRead: 1 }]) {
        const fast: Buffer[] = [];
        for await (const chunk of bootstrapChunks(server.ctx.db, NOW, options)) fast.push(chunk);
        const reference: string[] = [];
        for await (const text of bootstrapLines(server.ctx.db, NOW, undefined, { ...options, jsRowsOnly: true })) reference.push(text);
        expect(Buffer.concat(fast).toString('utf8')).toBe(reference.join(''));
        expect(fast.map((chunk) => chunk.toString('utf8'))).toEqual(reference);

        // Each per-ticket page holds whole tickets, `ticketsPerPage` of them but the last, in id order.
        const perPage = options.ticketsPerPage ?? 500;
        for (const entity of ['message', 'sla_event'] as const) {
          const pages = reference.map((text) => JSON.parse(text) as RowsLine).filter((l) => l.type === 'rows' && l.entity === entity);
          const ticketsOfPages = pages.map((page) => [...new Set(page.rows.map((row) => String(row.ticketId)))]);
          ticketsOfPages.forEach((ids, i) => (i < ticketsOfPages.length - 1 ? expect(ids).toHaveLength(perPage) : expect(ids.length).toBeLessThanOrEqual(perPage)));
          const order = ticketsOfPages.flat();
          expect(new Set(order).size).toBe(order.length);
          expect(order).toEqual([...order].sort());
        }
      }
    });
  });
}
