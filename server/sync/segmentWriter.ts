import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import { segmentLayouts, segmentListSeparator, type SegmentedEntity } from '../../shared/sync/protocol';
import { decodeRow } from '../db/codec';
import type { SyncDb, UntypedDb } from './changeLog';
import { line, type AnyQuery, type DbRow, type PageWriter, type RenderedRow } from './pageWriter';

/**
 * Segments of the segmented bootstrap (shared/sync/protocol.ts, segmentLayouts): each page becomes a `segment`
 * header line and the line of its records as one JSON array. The client stores that array's bytes as they are
 * and parses them later, so each record is exactly the text JSON.stringify gives the record built from the
 * decoded rows — which the JS path does, and which SQLite renders (one statement per segment) when it can.
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
      async read(db, rows) {
        const page = layout.group ? await readGroupedSegment(db, rows, layout, layout.group) : await readSegment(db, rows, layout);
        if (page.records === 0) return { n: 0, last: null, lines: [] };
        if (page.ok !== 1 || !page.json) return { n: page.records, last: page.last, lines: null };
        const fields = Object.fromEntries(layout.fields.map((field, i) => [field, distinct((page[`f${i}`] ?? '').split(segmentListSeparator))]));
        const header = segmentHeader(entity, page.rows, page.records, page.ids ?? '', fields);
        return { n: page.records, last: page.last, lines: [header, Buffer.concat([open, page.json, close])] };
      },
    },
  };
}

const open = Buffer.from('[');
const close = Buffer.from(']\n');

function segmentHeader(entity: SegmentedEntity, rows: number, records: number, ids: string, fields: Record<string, string>): string {
  return line({ type: 'segment', entity, rows, records, ids, fields });
}

/** Distinct values, in the order they first come (the same in both paths, so their bytes agree). */
function distinct(values: readonly string[]): string {
  return [...new Set(values)].join(segmentListSeparator);
}

function fieldText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
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
  const ids = records.map((record) => fieldText(record[layout.key])).join(segmentListSeparator);
  const fields = Object.fromEntries(layout.fields.map((field) => [field, distinct(decoded.map((row) => fieldText(row[field])))]));
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

function fieldColumns(layout: Layout, from: string, coalesce: boolean): Array<AliasedRawBuilder<string, string>> {
  return layout.fields.map((_, i) => {
    const ref = sql.ref(`${from}.f${i}`);
    const value = coalesce ? sql`coalesce(${ref}, '')` : ref;
    return sql<string>`group_concat(${value}, ${separator} order by ${sql.ref(`${from}.k`)})`.as(`f${i}`);
  });
}

/** A segment of rows in id order (the rows query aliased `x`, keyset column `k`). */
async function readSegment(db: SyncDb, rows: AnyQuery, layout: Layout): Promise<RenderedSegment> {
  return (await (db as unknown as UntypedDb)
    .selectFrom(rows.as('x'))
    .select([
      sql<number>`count(*)`.as('records'),
      sql<number>`count(*)`.as('rows'),
      sql<number>`min(x.ok)`.as('ok'),
      sql<string>`max(x.k)`.as('last'),
      sql<Buffer>`cast(group_concat(x.j, ',' order by x.k) as blob)`.as('json'),
      sql<string>`group_concat(x.k, ${separator} order by x.k)`.as('ids'),
      ...fieldColumns(layout, 'x', true),
    ])
    .executeTakeFirstOrThrow()) as unknown as RenderedSegment;
}

/**
 * A segment of per-ticket records: each ticket's record rendered by the inner aggregate (its rows in time order,
 * ties by id), the records joined in ticket order by the outer one.
 */
async function readGroupedSegment(db: SyncDb, rows: AnyQuery, layout: Layout, group: string): Promise<RenderedSegment> {
  const untyped = db as unknown as UntypedDb;
  const records = untyped
    .selectFrom(rows.as('x'))
    .select([
      sql.ref('x.k').as('k'),
      sql<number>`count(*)`.as('n'),
      sql<number>`min(x.ok)`.as('ok'),
      sql<string>`${sql.lit(`{${JSON.stringify(layout.key)}:`)} || json_quote(x.k) || ${sql.lit(`,${JSON.stringify(group)}:[`)} || group_concat(x.j, ',' order by x.t, x.id) || ']}'`.as(
        'r',
      ),
      ...layout.fields.map((_, i) => sql<string>`group_concat(coalesce(${sql.ref(`x.f${i}`)}, ''), ${separator} order by x.t, x.id)`.as(`f${i}`)),
    ])
    .groupBy('x.k');
  return (await untyped
    .selectFrom(records.as('y'))
    .select([
      sql<number>`count(*)`.as('records'),
      sql<number>`sum(y.n)`.as('rows'),
      sql<number>`min(y.ok)`.as('ok'),
      sql<string>`max(y.k)`.as('last'),
      sql<Buffer>`cast(group_concat(y.r, ',' order by y.k) as blob)`.as('json'),
      sql<string>`group_concat(y.k, ${separator} order by y.k)`.as('ids'),
      ...fieldColumns(layout, 'y', false),
    ])
    .executeTakeFirstOrThrow()) as unknown as RenderedSegment;
}
