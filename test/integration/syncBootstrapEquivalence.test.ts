import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { decodeRow, encodeRow } from '../../server/db';
import { bootstrapChunks, bootstrapLines } from '../../server/sync/bootstrapStream';
import type { SyncEntity } from '../../shared/sync/entities';
import { syncEntities } from '../../shared/sync/entities';
import { isSegmentedEntity, segmentLayouts, segmentListSeparator, type SegmentedEntity } from '../../shared/sync/protocol';
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

type Row = Record<string, unknown>;
type RowsLine = { type: 'rows'; entity: SyncEntity; rows: Row[] };
type SegmentLine = { type: 'segment'; entity: SegmentedEntity; rows: number; records: number; ids: string; fields: Record<string, string> };
interface Segment {
  header: SegmentLine;
  /** The array line as sent (without its newline). */
  text: string;
  records: Row[];
}
interface Snapshot {
  begin: unknown;
  end: unknown;
  /** Entities in the order their lines came, each once. */
  order: string[];
  rows: Map<string, Row[]>;
  segments: Map<string, Segment[]>;
}

/** A bootstrap body read line by line; the line after each segment header is that segment's records. */
function readSnapshot(body: string): Snapshot {
  const lines = body.split('\n');
  expect(lines.pop()).toBe('');
  const snapshot: Snapshot = { begin: JSON.parse(lines[0]!), end: JSON.parse(lines[lines.length - 1]!), order: [], rows: new Map(), segments: new Map() };
  for (let i = 1; i < lines.length - 1; i++) {
    const parsed = JSON.parse(lines[i]!) as RowsLine | SegmentLine;
    if (snapshot.order[snapshot.order.length - 1] !== parsed.entity) snapshot.order.push(parsed.entity);
    if (parsed.type === 'rows') {
      snapshot.rows.set(parsed.entity, [...(snapshot.rows.get(parsed.entity) ?? []), ...parsed.rows]);
      continue;
    }
    expect(parsed.type).toBe('segment');
    const text = lines[++i]!;
    const segment: Segment = { header: parsed, text, records: JSON.parse(text) as Row[] };
    snapshot.segments.set(parsed.entity, [...(snapshot.segments.get(parsed.entity) ?? []), segment]);
  }
  return snapshot;
}

/** The entity's rows a segment holds: its records, or for a grouped entity the rows of each ticket's record. */
function rowsOfSegment(entity: SegmentedEntity, segment: Segment): Row[] {
  const group = (segmentLayouts[entity] as { group?: string }).group;
  return group ? segment.records.flatMap((record) => record[group] as Row[]) : segment.records;
}

/** The array line the client would build from rows in bootstrap order: JSON.stringify of its records. */
function expectedRecordsText(entity: SegmentedEntity, rows: readonly Row[]): string {
  const group = (segmentLayouts[entity] as { group?: string }).group;
  if (!group) return JSON.stringify(rows);
  const records: Row[] = [];
  for (const row of rows) {
    const last = records[records.length - 1];
    if (last && last.ticketId === row.ticketId) (last[group] as Row[]).push(row);
    else records.push({ ticketId: row.ticketId, [group]: [row] });
  }
  return JSON.stringify(records);
}

/** Which scope part a row belongs to (tickets: unsolved, then solved; other entities have one part). */
function partOf(entity: SegmentedEntity, row: Row): string {
  return entity === 'ticket' ? String(['solved', 'closed'].includes(String(row.status))) : '';
}

/**
 * Everything a segmented snapshot promises against the rows snapshot of the same data: the same begin, end and
 * entity order, each segment's header true to its records, records exactly the client's own JSON of the same
 * rows, segments of `perSegment` records but the last of each scope part, no ticket in two segments.
 */
function expectSameSnapshot(rowsBody: string, segmentedBody: string, perSegment?: number): void {
  const plain = readSnapshot(rowsBody);
  const segmented = readSnapshot(segmentedBody);
  expect(segmented.begin).toEqual(plain.begin);
  expect(segmented.end).toEqual(plain.end);
  expect(segmented.order).toEqual(plain.order);
  expect(plain.segments.size).toBe(0);
  for (const entity of plain.order) {
    const expected = plain.rows.get(entity) ?? [];
    if (!isSegmentedEntity(entity)) {
      expect(segmented.segments.has(entity)).toBe(false);
      expect(segmented.rows.get(entity)).toEqual(expected);
      continue;
    }
    expect(segmented.rows.has(entity)).toBe(false);
    const layout = segmentLayouts[entity] as { recordsPerSegment: number; key: string; fields: readonly string[]; group?: string };
    const segments = segmented.segments.get(entity) ?? [];
    expect(segments.flatMap((segment) => rowsOfSegment(entity, segment))).toEqual(expected);
    let at = 0;
    const keysSeen = new Set<string>();
    segments.forEach((segment, i) => {
      const rows = rowsOfSegment(entity, segment);
      expect(segment.text).toBe(expectedRecordsText(entity, expected.slice(at, at + rows.length)));
      at += rows.length;
      const { header } = segment;
      expect(header.records).toBe(segment.records.length);
      expect(header.records).toBeGreaterThan(0);
      expect(header.rows).toBe(rows.length);
      const keys = segment.records.map((record) => String(record[layout.key]));
      expect(header.ids).toBe(keys.join(segmentListSeparator));
      for (const key of keys) {
        expect(keysSeen.has(key)).toBe(false);
        keysSeen.add(key);
      }
      if (layout.group) segment.records.forEach((record) => expect(Object.keys(record)).toEqual(['ticketId', layout.group]));
      expect(Object.keys(header.fields)).toEqual([...layout.fields]);
      for (const field of layout.fields) {
        const listed = header.fields[field]!.split(segmentListSeparator);
        expect(new Set(listed).size).toBe(listed.length);
        expect(new Set(listed)).toEqual(new Set(rows.map((row) => (row[field] == null ? '' : String(row[field])))));
      }
      // Full but the last of its scope part; a part never shares a segment.
      const parts = new Set(rows.map((row) => partOf(entity, row)));
      expect(parts.size).toBe(1);
      const next = segments[i + 1];
      const lastOfPart = !next || partOf(entity, rowsOfSegment(entity, next)[0]!) !== [...parts][0];
      const size = perSegment ?? layout.recordsPerSegment;
      if (lastOfPart) expect(header.records).toBeLessThanOrEqual(size);
      else expect(header.records).toBe(size);
    });
  }
}

async function text(lines: AsyncIterable<string>): Promise<string> {
  let body = '';
  for await (const line of lines) body += line;
  return body;
}

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
        ticketRow(accountId, 13, NOW - 200 * DAY, { ownerId: seed.agents.tier1.id, status: 'closed', solvedAt: NOW - 150 * DAY, updatedAt: NOW - 140 * DAY, tags: ['ünïcødé', 'quote"d', 'back\\slash'] }),
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

    it('sends segments (format=segments) with the same bytes as the JS rendering, cut at the same places', async () => {
      for (const options of [{}, { recordsPerSegment: 2, rowsPerRead: 3 }, { recordsPerSegment: 1, rowsPerRead: 1 }, { recordsPerSegment: 3 }]) {
        const segmented = { ...options, format: 'segments' as const };
        const fast: Buffer[] = [];
        for await (const chunk of bootstrapChunks(server.ctx.db, NOW, segmented)) fast.push(chunk);
        const reference: string[] = [];
        for await (const line of bootstrapLines(server.ctx.db, NOW, undefined, { ...segmented, jsRowsOnly: true })) reference.push(line);
        expect(fast.map((chunk) => chunk.toString('utf8'))).toEqual(reference);
        expect(reference.some((line) => line.startsWith('{"type":"segment","entity":"message"'))).toBe(true);
      }
    });

    it('carries in its segments exactly the rows of the rows format, each segment true to its header', async () => {
      const get = async (query: string) => {
        const response = await fetch(`${server.baseUrl}/api/sync/bootstrap${query}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('application/x-ndjson');
        return response.text();
      };
      const rowsBody = await get('');
      const segmentedBody = await get('?format=segments');
      expectSameSnapshot(rowsBody, segmentedBody);
      expect(segmentedBody).toContain(odd.messageId);
      for (const perSegment of [1, 2, 3]) {
        expectSameSnapshot(rowsBody, await text(bootstrapLines(server.ctx.db, NOW, undefined, { format: 'segments', recordsPerSegment: perSegment })), perSegment);
        expectSameSnapshot(
          rowsBody,
          await text(bootstrapLines(server.ctx.db, NOW, undefined, { format: 'segments', recordsPerSegment: perSegment, jsRowsOnly: true, rowsPerRead: 2 })),
          perSegment,
        );
      }
    });

    it('refuses a format it does not know with 400', async () => {
      const response = await fetch(`${server.baseUrl}/api/sync/bootstrap?format=bogus`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message).toContain('format');
    });
  });
}
