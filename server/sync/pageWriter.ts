import { sql, type AliasedRawBuilder, type SelectQueryBuilder } from 'kysely';
import type { SyncEntity } from '../../shared/sync/entities';
import type { BootstrapLine } from '../../shared/sync/protocol';
import { decodeRow } from '../db/codec';
import type { SyncDb, UntypedDb } from './changeLog';
import type { sqliteRowJson } from './sqliteRowJson';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyQuery = SelectQueryBuilder<any, any, any>;
export type DbRow = Record<string, unknown>;
export type RenderedRow = NonNullable<ReturnType<typeof sqliteRowJson>>;

/**
 * How one bootstrap format writes a page of an entity's rows: today's `rows` lines, or segments (segmentWriter.ts).
 * The paging loops of bootstrapStream.ts choose the rows; the writer turns them into lines, either from rows read
 * into JS or (on SQLite) in the statement that reads them.
 */
export interface PageWriter {
  /** Rows per page, or tickets per page for an entity sent whole per ticket. */
  perPage: number;
  /** The lines of one page, from the rows read in page order (ticket, time, id for per-ticket entities). */
  lines(rows: readonly DbRow[]): Array<string | Buffer>;
  /** Null when SQLite cannot render this entity identically (or the database is not SQLite). */
  sqlite: SqlitePageWriter | null;
}

export interface SqlitePageWriter {
  /**
   * What each row of the page's rows query selects besides its keyset column `k` (and `t`, `id` for per-ticket
   * entities): at least `j` (the row's JSON) and `ok` (1 when it renders identically).
   */
  columns: Array<AliasedRawBuilder<unknown, string>>;
  /**
   * Pages one statement reads (default 1): the rows query then covers that many pages (`perPage` times as many
   * rows, or tickets), which `read` cuts into pages where the JS path would cut them.
   */
  pagesPerRead?: number;
  /**
   * The pages of the rows query (aliased `x`) as their lines, read by one statement; none (or a first page of
   * 0 rows) when nothing is left.
   */
  read(db: SyncDb, rows: AnyQuery): Promise<RenderedPage[]>;
}

export interface RenderedPage {
  /** Rows (or records) in the page; 0: nothing left. */
  n: number;
  /** The keyset value of the page's last row (its ticket for per-ticket entities). */
  last: string | null;
  /** Null when some row did not render cleanly: read the page again and render it in JS. */
  lines: Array<string | Buffer> | null;
}

export function line(value: BootstrapLine): string {
  return `${JSON.stringify(value)}\n`;
}

/** One page of rows as a line. (Splicing each row's JSON text by hand measured twice as slow as this.) */
export function rowsLine(entity: SyncEntity, rows: readonly DbRow[]): string {
  return line({ type: 'rows', entity, rows: rows.map((row) => decodeRow(entity, row) as DbRow) });
}

/** The `rows` lines older clients read: `perPage` rows (or tickets) a line. */
export function rowsWriter(entity: SyncEntity, perPage: number, rendered: RenderedRow | null, perTicket: boolean): PageWriter {
  return {
    perPage,
    lines: (rows) => [rowsLine(entity, rows)],
    sqlite: rendered && {
      columns: [rendered.json.as('j'), rendered.ok.as('ok')],
      async read(db, rows) {
        const page = await readRenderedPage(db, rows, perTicket ? 'x.k, x.t, x.id' : 'x.k');
        const clean = page.ok === 1 && page.json;
        return [{ n: page.n, last: page.last, lines: clean ? [renderedLine(entity, page.json!)] : null }];
      },
    },
  };
}

/**
 * One page of rendered rows folded into one result row: how many, whether all rendered cleanly, the last keyset
 * value and the rows' JSON joined in `orderBy` order.
 */
async function readRenderedPage(
  db: SyncDb,
  rows: AnyQuery,
  orderBy: string,
): Promise<{ n: number; ok: number | null; last: string | null; json: Buffer | null }> {
  return (await (db as unknown as UntypedDb)
    .selectFrom(rows.as('x'))
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number>`min(x.ok)`.as('ok'),
      sql<string>`max(x.k)`.as('last'),
      sql<Buffer>`cast(group_concat(x.j, ',' order by ${sql.raw(orderBy)}) as blob)`.as('json'),
    ])
    .executeTakeFirstOrThrow()) as { n: number; ok: number | null; last: string | null; json: Buffer | null };
}

function renderedLine(entity: SyncEntity, rows: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{"type":"rows","entity":${JSON.stringify(entity)},"rows":[`), rows, Buffer.from(']}\n')]);
}

