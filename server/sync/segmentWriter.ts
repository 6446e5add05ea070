import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import {
  distinctSegmentList,
  segmentFieldValue,
  segmentLayouts,
  segmentListSeparator,
  type SegmentedEntity,
} from '../../shared/sync/protocol';
import { decodeRow } from '../db/codec';
import type { SyncDb, UntypedDb } from './changeLog';
import { line, type AnyQuery, type DbRow, type PageWriter, type RenderedPage, type RenderedRow } from './pageWriter';

/**
 * Segments of the segmented bootstrap (shared/sync/protocol.ts, segmentLayouts): each page becomes a `segment`
 * header line and the line of its records as one JSON array. The client stores that array's bytes as they are
 * and parses them later, so each record is exactly the text JSON.stringify gives the record built from the
 * decoded rows — which the JS path does, and which SQLite renders when it can: a segment of rows in one
 * statement, the ticket records of several segments of a grouped entity in one (joined into segments in JS).
 */

interface Layout {
  key: string;
  fields: readonly string[];
  group?: string;
}

function layoutOf(entity: SegmentedEntity): Layout {
  return segmentLayouts[entity];
}

const separator = sql.lit(segmentListSeparator);

/** Tickets one statement of a grouped entity reads, about as many as a `rows` page holds (then cut into segments). */
const ticketsPerRead = 500;

export function segmentWriter(entity: SegmentedEntity, perPage: number, rendered: RenderedRow | null, alias: string): PageWriter {
  const layout = layoutOf(entity);
  return {
    perPage,
    lines: (rows) => jsSegment(entity, layout, rows),
    sqlite: rendered && {
      columns: [
        rendered.json.as('j'),
        fieldsOk(rendered.ok, layout, alias).as('ok'),
        ...layout.fields.map((field, i) => sql.ref(`${alias}.${field}`).as(`f${i}`) as AliasedRawBuilder<unknown, string>),
      ],
      pagesPerRead: layout.group ? Math.max(1, Math.ceil(ticketsPerRead / perPage)) : 1,
      async read(db, rows) {
        if (layout.group) return groupedSegments(entity, layout, perPage, await readTicketRecords(db, rows, layout, layout.group));
        const page = await readSegment(db, rows, layout);
        if (page.records === 0) return [{ n: 0, last: null, lines: [] }];
        const ids = page.ids ?? '';
        if (page.ok !== 1 || !page.json || !inKeyOrder(ids, page.records)) return [{ n: page.records, last: page.last, lines: null }];
        const fields = Object.fromEntries(layout.fields.map((field, i) => [field, distinctSegmentList((page[`f${i}`] ?? '').split(segmentListSeparator))]));
        const header = segmentHeader(entity, page.rows, page.records, ids, fields);
        return [{ n: page.records, last: page.last, lines: [header, Buffer.concat([open, page.json, close])] }];
      },
    },
  };
}

const open = Buffer.from('[');
const close = Buffer.from(']\n');

function segmentHeader(entity: SegmentedEntity, rows: number, records: number, ids: string, fields: Record<string, string>): string {
  return line({ type: 'segment', entity, rows, records, ids, fields });
}


/** The segment built from rows read into JS, in record order (per-ticket entities: ticket, time, id). */
function jsSegment(entity: SegmentedEntity, layout: Layout, rows: readonly DbRow[]): string[] {
  const decoded = rows.map((row) => decodeRow(entity, row) as DbRow);
  let records: DbRow[] = decoded;
  if (layout.group) {
    const group = layout.group;
    records = [];
    let current: DbRow[] | null = null;
    let currentKey: unknown = undefined;
    for (const row of decoded) {
      if (current === null || row[layout.key] !== currentKey) {
        currentKey = row[layout.key];
        current = [];
        // Key order matters: the client's own records read {"ticketId":…,"<group>":[…]}.
        records.push({ [layout.key]: currentKey, [group]: current });
      }
      current.push(row);
    }
  }
  const ids = records.map((record) => segmentFieldValue(record[layout.key])).join(segmentListSeparator);
  const fields = Object.fromEntries(layout.fields.map((field) => [field, distinctSegmentList(decoded.map((row) => segmentFieldValue(row[field])))]));
  return [segmentHeader(entity, decoded.length, records.length, ids, fields), `${JSON.stringify(records)}\n`];
}

/** The row's `ok`, and its field values joinable without ambiguity (text holding no separator). */
function fieldsOk(ok: RawBuilder<number>, layout: Layout, alias: string): RawBuilder<number> {
  if (layout.fields.length === 0) return ok;
  const checks = layout.fields.map((field) => {
    const ref = sql.ref(`${alias}.${field}`);
    return sql`(${ref} is null or (typeof(${ref}) = 'text' and instr(${ref}, ${separator}) = 0))`;
  });
  return sql<number>`(${ok} and ${sql.join(checks, sql` and `)})`;
}

interface RenderedSegment {
  records: number;
  rows: number;
  ok: number | null;
  last: string | null;
  json: Buffer | null;
  ids: string | null;
  [field: `f${number}`]: string | null;
}

/**
 * A segment of rows in id order (the rows query aliased `x`, keyset column `k`), folded by one aggregate pass.
 *
 * The aggregates take no ORDER BY: the rows query reads its rows in id order (ORDER BY … LIMIT, run as a
 * co-routine), and every aggregate of the pass is fed the rows in the one order the pass reads them, so the JSON,
 * the ids and the fields all come in the same order. That order is checked rather than assumed: the caller
 * accepts the segment only when its ids are in strictly ascending key order (inKeyOrder), and otherwise renders it
 * in JS. Ordered aggregates each sorted a copy of their values (the ids and three fields were 0.3 s of the
 * tickets of the large set, as much as rendering them).
 */
async function readSegment(db: SyncDb, rows: AnyQuery, layout: Layout): Promise<RenderedSegment> {
  return (await (db as unknown as UntypedDb)
    .selectFrom(rows.as('x'))
    .select([
      sql<number>`count(*)`.as('records'),
      sql<number>`count(*)`.as('rows'),
      sql<number>`min(x.ok)`.as('ok'),
      sql<string>`max(x.k)`.as('last'),
      sql<Buffer>`cast(group_concat(x.j, ',') as blob)`.as('json'),
      sql<string>`group_concat(x.k, ${separator})`.as('ids'),
      ...layout.fields.map((_, i) => sql<string>`group_concat(coalesce(${sql.ref(`x.f${i}`)}, ''), ${separator})`.as(`f${i}`)),
    ])
    .executeTakeFirstOrThrow()) as unknown as RenderedSegment;
}

/**
 * Whether `ids` (joined by the separator) are `records` keys in strictly ascending order as SQLite compares text
 * (BINARY: the bytes of UTF-8, which is code point order). A key holding the separator splits into too many.
 */
export function inKeyOrder(ids: string, records: number): boolean {
  const keys = ids.split(segmentListSeparator);
  if (keys.length !== records) return false;
  for (let i = 1; i < keys.length; i++) if (compareCodePoints(keys[i - 1]!, keys[i]!) >= 0) return false;
  return true;
}

/** Code point order of two strings (UTF-16 order but for surrogates, which sort above U+E000–U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

interface TicketRecord {
  k: string;
  n: number;
  ok: number | null;
  r: Buffer | null;
  [field: `f${number}`]: string | null;
}

/**
 * The per-ticket records of a read (the rows query aliased `x`, several segments' worth of tickets): one result
 * row per ticket, in ticket order, its record rendered by the aggregate (its rows in time order, ties by id).
 * Joining the records into segments is left to JS (groupedSegments): a second aggregate over the records sorted a
 * copy of every record again and cost more than the records take to render.
 */
async function readTicketRecords(db: SyncDb, rows: AnyQuery, layout: Layout, group: string): Promise<TicketRecord[]> {
  return (await (db as unknown as UntypedDb)
    .selectFrom(rows.as('x'))
    .select([
      sql.ref('x.k').as('k'),
      sql<number>`count(*)`.as('n'),
      sql<number>`min(x.ok)`.as('ok'),
      sql<Buffer>`cast(${sql.lit(`{${JSON.stringify(layout.key)}:`)} || json_quote(x.k) || ${sql.lit(`,${JSON.stringify(group)}:[`)} || group_concat(x.j, ',' order by x.t, x.id) || ']}' as blob)`.as(
        'r',
      ),
      ...layout.fields.map((_, i) => sql<string>`group_concat(coalesce(${sql.ref(`x.f${i}`)}, ''), ${separator} order by x.t, x.id)`.as(`f${i}`)),
    ])
    .groupBy('x.k')
    .orderBy('x.k')
    .execute()) as unknown as TicketRecord[];
}

const comma = Buffer.from(',');

/** A read's ticket records cut into segments of `perPage` records; a segment with a record not rendered cleanly has no lines. */
function groupedSegments(entity: SegmentedEntity, layout: Layout, perPage: number, records: readonly TicketRecord[]): RenderedPage[] {
  const pages: RenderedPage[] = [];
  for (let start = 0; start < records.length; start += perPage) {
    const segment = records.slice(start, start + perPage);
    const last = String(segment[segment.length - 1]!.k);
    if (segment.some((record) => record.ok !== 1 || !record.r)) {
      pages.push({ n: segment.length, last, lines: null });
      continue;
    }
    const parts: Buffer[] = [open];
    let rows = 0;
    segment.forEach((record, i) => {
      if (i > 0) parts.push(comma);
      parts.push(record.r!);
      rows += record.n;
    });
    parts.push(close);
    const ids = segment.map((record) => String(record.k)).join(segmentListSeparator);
    const fields = Object.fromEntries(
      layout.fields.map((field, i) => [field, distinctSegmentList(segment.map((record) => record[`f${i}`] ?? '').join(segmentListSeparator).split(segmentListSeparator))]),
    );
    pages.push({ n: segment.length, last, lines: [segmentHeader(entity, rows, segment.length, ids, fields), Buffer.concat(parts)] });
  }
  return pages;
}
