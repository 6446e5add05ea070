import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { syncEntities, syncEntityNames, type SyncEntity } from '../../shared/sync/entities';
import {
  bootstrapRowsWholePerTicket,
  isSegmentedEntity,
  segmentedBootstrapFormat,
  segmentLayouts,
  type LazyTicketDetail,
} from '../../shared/sync/protocol';
import { toTicketNumberRanges } from '../../shared/sync/ticketRanges';
import { decodeRow } from '../db/codec';
import { headSeq, type SyncDb, type UntypedDb } from './changeLog';
import { line, rowsWriter, type AnyQuery, type DbRow, type PageWriter } from './pageWriter';
import { segmentWriter } from './segmentWriter';
import { isSqlite, sqliteRowJson } from './sqliteRowJson';

export const bootstrapPageSize = 2000;

const DAY_MS = 86_400_000;
/** Threads of tickets closed longer ago than this load lazily on open (ARCHITECTURE.md allows 90 days). */
export const lazyThreadAfterMs = 90 * DAY_MS;
/** Fulfilments the lead board's 30-day attainment reads (from the lead's local midnight 36 days back, plus a margin). */
export const recentFulfilMs = 38 * DAY_MS;
/** Breaches the account's quarter and the lead board read (a quarter is at most 92 days, plus zone offsets). */
export const recentBreachMs = 100 * DAY_MS;

/**
 * The order rows are sent in: what the queue needs to show its first page (reference data, accounts, then the
 * unsolved tickets), then the rest, with the big detail tables last.
 */
const bootstrapOrder: readonly SyncEntity[] = [
  'agent',
  'team',
  'business_calendar',
  'sla_policy',
  'incident',
  'macro',
  'knowledge_article',
  'account',
  'ticket',
  'contact',
  'escalation',
  'message',
  'sla_event',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

/**
 * The tickets one read of a per-ticket entity covers: ids after `after` up to and including `upTo` (null: no
 * bound on that side), in the database's own text order (the order the reads and their keyset use).
 */
interface TicketRange {
  after: string | null;
  upTo: string | null;
}

/**
 * A filter on one entity's rows. Given the read's ticket range, the scope's subqueries on `tickets` are bounded
 * to it as well: PostgreSQL does not carry `m.ticketId > x` across the join to `t.id`, so without the bound each
 * read's anti-join walked `tickets` from the first id (a cost growing with the page number), and the SLA events'
 * hashed subplan hashed every solved ticket for every read.
 */
type Part = (query: AnyQuery, tickets?: TicketRange) => AnyQuery;

interface Scope {
  now: number;
  /** The parts of one entity's rows, each filtered (and streamed in this order). */
  parts(entity: SyncEntity): Part[];
}

/**
 * A ranged read's rule on `tickets`, written `(…) IS TRUE` (the same rows: WHERE keeps only rows where it is true)
 * so that only the id range can be read through an index. Without table statistics PostgreSQL guessed the status
 * condition to match a few rows and ANDed in a bitmap of tickets_status_idx, reading the whole index (some 470
 * pages on the large set) for every read; this way it reads the range's tickets through the primary key.
 */
function byIdOnly(rule: Expression<SqlBool>, tickets: TicketRange | undefined): Expression<SqlBool> {
  return tickets ? sql<SqlBool>`(${rule}) is true` : rule;
}

function inTicketRange<Q extends AnyQuery>(query: Q, column: string, tickets: TicketRange | undefined): Q {
  let bounded = query;
  if (tickets?.after != null) bounded = bounded.where(column, '>', tickets.after) as Q;
  if (tickets?.upTo != null) bounded = bounded.where(column, '<=', tickets.upTo) as Q;
  return bounded;
}

/**
 * What the agent's cache holds. Left out: messages of tickets closed more than 90 days ago, and SLA events of
 * solved or closed tickets except recent breaches and fulfilments; both load with the ticket when it is opened.
 *
 * The lazy sets are decided at `now` and sent first; a row is left out only when its ticket still qualifies and
 * has not been touched since `now` (every ticket change bumps updatedAt), so a left-out row always belongs to a
 * ticket in the lazy set. Rows added after `seq` come through pull as usual.
 */
function bootstrapScope(now: number): Scope {
  const untouched = (eb: AnyEb) => eb('t.updatedAt', '<=', now);
  const oldClosedTicket = (eb: AnyEb, tickets?: TicketRange) =>
    eb.exists(
      inTicketRange(
        eb
          .selectFrom('tickets as t')
          .select('t.id')
          .whereRef('t.id', '=', 'm.ticketId')
          .where((tb) =>
            byIdOnly(
              tb.and([tb('t.status', '=', 'closed'), tb(tb.fn.coalesce('t.solvedAt', 't.updatedAt'), '<', now - lazyThreadAfterMs), untouched(tb)]),
              tickets,
            ),
          ),
        't.id',
        tickets,
      ),
    );
  const solvedTicket = (eb: AnyEb, tickets?: TicketRange) =>
    eb.exists(
      inTicketRange(
        eb
          .selectFrom('tickets as t')
          .select('t.id')
          .whereRef('t.id', '=', 'e.ticketId')
          .where((tb) => byIdOnly(tb.and([tb('t.status', 'in', ['solved', 'closed']), untouched(tb)]), tickets)),
        't.id',
        tickets,
      ),
    );
  return {
    now,
    parts(entity) {
      switch (entity) {
        case 'ticket':
          // The unsolved tickets first: the queue's views show them. The second filter is written NOT (… NOT IN …)
          // on purpose: as a plain IN, SQLite reads it through tickets_status_idx and sorts every solved ticket again
          // for each page of the id keyset (80 ms a page on the large set); negated, it walks the primary key in id
          // order. PostgreSQL folds the double negation back into the same IN.
          return [
            (q) => q.where('status', 'not in', ['solved', 'closed']),
            (q) => q.where((eb) => eb.not(eb('status', 'not in', ['solved', 'closed']))),
          ];
        case 'message':
          return [(q, tickets) => q.where((eb) => eb.not(oldClosedTicket(eb, tickets)))];
        case 'sla_event':
          return [
            (q, tickets) =>
              q.where((eb) =>
                eb.or([
                  eb.not(solvedTicket(eb, tickets)),
                  eb.and([eb('e.kind', '=', 'breach'), eb('e.at', '>=', now - recentBreachMs)]),
                  eb.and([eb('e.kind', '=', 'fulfil'), eb('e.at', '>=', now - recentFulfilMs)]),
                ]),
              ),
          ];
        default:
          return [(q) => q];
      }
    },
  };
}

/** Table alias per entity, so the scope's subqueries can refer to the outer row. */
const aliasOf: Partial<Record<SyncEntity, string>> = { message: 'm', sla_event: 'e' };

function fromEntity(db: SyncDb, entity: SyncEntity): AnyQuery {
  const table = syncEntities[entity];
  const alias = aliasOf[entity];
  const untyped = db as unknown as UntypedDb;
  return (alias ? untyped.selectFrom(`${table} as ${alias}`) : untyped.selectFrom(table)) as AnyQuery;
}

function idColumn(entity: SyncEntity): string {
  const alias = aliasOf[entity];
  return alias ? `${alias}.id` : 'id';
}

/** The lazy sets as ticket-number ranges, decided with the same rules the row filters use. */
async function lazyTicketDetail(db: SyncDb, now: number, perRead: number): Promise<LazyTicketDetail> {
  const threads: number[] = [];
  const solved: number[] = [];
  // Read in keyset pages with a turn of the event loop between them: one read of every solved ticket held it for
  // ~0.3 s on the large set.
  let after: string | null = null;
  for (;;) {
    let page = db
      .selectFrom('tickets')
      .select(['id', 'number', 'status', 'solvedAt', 'updatedAt'])
      // NOT (… NOT IN …): walks the primary key in id order (see the tickets' part in bootstrapScope).
      .where((eb) => eb.not(eb('status', 'not in', ['solved', 'closed'])))
      .where('updatedAt', '<=', now)
      .orderBy('id')
      .limit(perRead);
    if (after !== null) page = page.where('id', '>', after);
    const rows = await page.execute();
    for (const t of rows) {
      solved.push(Number(t.number));
      if (t.status === 'closed' && (t.solvedAt ?? t.updatedAt) < now - lazyThreadAfterMs) threads.push(Number(t.number));
    }
    if (rows.length < perRead) break;
    after = rows[rows.length - 1]!.id;
    await nextTurn();
  }
  return { message: toTicketNumberRanges(threads), sla_event: toTicketNumberRanges(solved) };
}

/** Tickets per read of the begin line's passes over the tickets: each a statement of a few tens of ms. */
const countChunkTickets = 10_000;

/** Ranges of about `size` tickets each, in id order, covering every id (the first and last are open-ended). */
async function ticketRangesOf(db: SyncDb, size: number): Promise<TicketRange[]> {
  const ranges: TicketRange[] = [];
  let after: string | null = null;
  for (;;) {
    const edge = (await inTicketRange((db as unknown as UntypedDb).selectFrom('tickets').select('id') as AnyQuery, 'id', { after, upTo: null })
      .orderBy('id')
      .limit(1)
      .offset(size - 1)
      .executeTakeFirst()) as { id: string } | undefined;
    ranges.push({ after, upTo: edge ? String(edge.id) : null });
    if (!edge) return ranges;
    after = String(edge.id);
  }
}

/**
 * The rows of an entity in scope, for the begin line's counts. Per-ticket entities are counted a range of tickets
 * at a time (their scope looks at each row's ticket: one count over all messages held the event loop ~0.25 s).
 */
async function countInScope(db: SyncDb, entity: SyncEntity, part: Part, ranges: () => Promise<TicketRange[]>): Promise<number> {
  const count = async (query: AnyQuery) => {
    const row = (await query.select((eb: AnyEb) => eb.fn.countAll().as('n')).executeTakeFirst()) as { n?: unknown } | undefined;
    await nextTurn();
    return Number(row?.n ?? 0);
  };
  if (!wholePerTicket(entity)) return count(part(fromEntity(db, entity)));
  let n = 0;
  const ticketColumn = `${aliasOf[entity]!}.ticketId`;
  for (const range of await ranges()) n += await count(part(inTicketRange(fromEntity(db, entity), ticketColumn, range), range));
  return n;
}

/** `rows`: today's `rows` lines (older clients); `segments`: segment lines for the entities of segmentLayouts. */
export type BootstrapFormat = 'rows' | typeof segmentedBootstrapFormat;

export interface BootstrapOptions {
  ticketsPerPage?: number;
  rowsPerRead?: number;
  /** Render rows in JS even on SQLite (the reference the SQLite rendering is tested against). */
  jsRowsOnly?: boolean;
  /** Default `rows`. */
  format?: BootstrapFormat;
  /** Tickets per read of the begin line's counts and lazy sets (tests cut small ranges). */
  ticketsPerCount?: number;
  /** Records per segment for every segmented entity instead of its layout's (tests cut small segments). */
  recordsPerSegment?: number;
}

/**
 * The snapshot as NDJSON lines, page by page (keyset on id, so memory stays flat for the large data set).
 * Rows are read after `seq` was taken, so each is at least as new as `seq`; the client then pulls from `seq`,
 * and re-applying those later whole-row changes in order converges on the same rows. No long read transaction is
 * held, so writers are never blocked by a slow client.
 */
export async function* bootstrapLines(
  db: SyncDb,
  serverNow: number,
  entities: readonly SyncEntity[] = syncEntityNames,
  options: BootstrapOptions = {},
): AsyncGenerator<string> {
  for await (const text of bootstrapParts(db, serverNow, entities, options)) yield typeof text === 'string' ? text : text.toString('utf8');
}

/**
 * `bootstrapLines` encoded as UTF-8, for the HTTP reply. Handing the reply strings makes it measure each one for
 * its chunk header and then encode it again (Buffer.byteLength alone was 0.8 s of the large set); a Buffer is
 * written as is, and the pages SQLite renders are Buffers already.
 */
export async function* bootstrapChunks(db: SyncDb, serverNow: number, options: BootstrapOptions = {}): AsyncGenerator<Buffer> {
  for await (const text of bootstrapParts(db, serverNow, syncEntityNames, options)) {
    yield typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    // better-sqlite3 answers synchronously: without a turn of the event loop between statements, a render whose
    // consumer never waits on I/O (a fast client, the ready snapshot's file) held the loop for its whole begin line
    // (~0.8 s on the large set) and more, and every other request waited.
    await nextTurn();
  }
}

/** Each line whole, as a string or (rendered by SQLite) as UTF-8. */
async function* bootstrapParts(
  db: SyncDb,
  serverNow: number,
  entities: readonly SyncEntity[],
  options: BootstrapOptions,
): AsyncGenerator<string | Buffer> {
  const seq = await headSeq(db);
  const scope = bootstrapScope(serverNow);
  const ordered = [...bootstrapOrder.filter((e) => entities.includes(e)), ...entities.filter((e) => !bootstrapOrder.includes(e))];
  const perCount = options.ticketsPerCount ?? countChunkTickets;
  const lazy = await lazyTicketDetail(db, serverNow, perCount);
  const counts: Record<string, number> = {};
  let ranges: Promise<TicketRange[]> | null = null;
  const ticketRanges = () => (ranges ??= ticketRangesOf(db, perCount));
  for (const entity of ordered) {
    let n = 0;
    for (const part of scope.parts(entity)) n += await countInScope(db, entity, part, ticketRanges);
    counts[entity] = n;
  }
  yield line({ type: 'begin', seq, counts, serverNow, lazy });
  for (const entity of ordered) {
    const writer = pageWriter(db, entity, options);
    for (const part of scope.parts(entity)) {
      if (wholePerTicket(entity)) {
        yield* writer.sqlite ? sqlitePagesByTicket(db, entity, part, writer) : pagesByTicket(db, entity, part, writer, options.rowsPerRead ?? rowsPerRead);
      } else {
        yield* writer.sqlite ? sqlitePages(db, entity, part, writer) : pages(db, entity, part, writer);
      }
    }
  }
  yield line({ type: 'end', seq });
}

/** How the pages of `entity` are written in the requested format, rendered by SQLite where it can. */
function pageWriter(db: SyncDb, entity: SyncEntity, options: BootstrapOptions): PageWriter {
  const alias = aliasOf[entity] ?? syncEntities[entity];
  const rendered = !options.jsRowsOnly && isSqlite(db) ? sqliteRowJson(entity, alias) : null;
  if (options.format === segmentedBootstrapFormat && isSegmentedEntity(entity)) {
    return segmentWriter(entity, options.recordsPerSegment ?? segmentLayouts[entity].recordsPerSegment, rendered, alias);
  }
  const perTicket = wholePerTicket(entity);
  return rowsWriter(entity, perTicket ? (options.ticketsPerPage ?? ticketsPerPage) : bootstrapPageSize, rendered, perTicket);
}

/** Pages of `writer.perPage` rows in id order, read into JS. */
async function* pages(db: SyncDb, entity: SyncEntity, part: Part, writer: PageWriter): AsyncGenerator<string | Buffer> {
  let after: string | null = null;
  for (;;) {
    const rows = await pageRows(db, entity, part, after, writer.perPage);
    if (rows.length === 0) break;
    after = String(rows[rows.length - 1]!.id);
    yield* writer.lines(rows);
    if (rows.length < writer.perPage) break;
  }
}

function pageRows(db: SyncDb, entity: SyncEntity, part: Part, after: string | null, limit: number): Promise<DbRow[]> {
  const id = idColumn(entity);
  let query = part(fromEntity(db, entity)).selectAll(aliasOf[entity] ?? syncEntities[entity]).orderBy(id).limit(limit);
  if (after !== null) query = query.where(id, '>', after);
  return query.execute() as Promise<DbRow[]>;
}

/**
 * The same pages as `pages`, rendered by SQLite (see sqliteRowJson.ts), `pagesPerRead` pages a statement. A page
 * that did not render cleanly is read again and rendered in JS, and the next statement reads on from there.
 */
async function* sqlitePages(db: SyncDb, entity: SyncEntity, part: Part, writer: PageWriter): AsyncGenerator<string | Buffer> {
  const sqlite = writer.sqlite!;
  const id = idColumn(entity);
  const perRead = writer.perPage * (sqlite.pagesPerRead ?? 1);
  let after: string | null = null;
  for (;;) {
    let rows = part(fromEntity(db, entity))
      .select([...sqlite.columns, sql.ref(id).as('k')])
      .orderBy(id)
      .limit(perRead);
    if (after !== null) rows = rows.where(id, '>', after);
    let n = 0;
    let reread = false;
    for (const page of await sqlite.read(db, rows)) {
      if (page.n === 0) break;
      if (page.lines) {
        yield* page.lines;
        after = page.last;
        n += page.n;
        continue;
      }
      // Read again and rendered in JS; the keyset continues from what this read returned (a row written
      // meanwhile may have moved the page's end).
      const again = await pageRows(db, entity, part, after, writer.perPage);
      if (again.length === 0) return;
      yield* writer.lines(again);
      after = String(again[again.length - 1]!.id);
      if (again.length < writer.perPage) return;
      reread = true;
      break;
    }
    if (!reread && n < perRead) return;
  }
}

/**
 * The same pages as `pagesByTicket` (the next `perPage` tickets that have rows in scope, each with all its rows in
 * time order), chosen and rendered by SQLite, `pagesPerRead` pages a statement. A page that did not render cleanly
 * is chosen and read again, rendered in JS, and the next statement reads on from there.
 */
async function* sqlitePagesByTicket(db: SyncDb, entity: SyncEntity, part: Part, writer: PageWriter): AsyncGenerator<string | Buffer> {
  const sqlite = writer.sqlite!;
  const alias = aliasOf[entity]!;
  const ticketColumn = `${alias}.ticketId`;
  const timeColumn = `${alias}.${entity === 'message' ? 'createdAt' : 'at'}`;
  const ticketsAfter = (after: string | null, limit: number) => {
    const tickets = part(fromEntity(db, entity)).select(ticketColumn).distinct().orderBy(ticketColumn).limit(limit);
    return after === null ? tickets : tickets.where(ticketColumn, '>', after);
  };
  const perRead = writer.perPage * (sqlite.pagesPerRead ?? 1);
  let after: string | null = null;
  for (;;) {
    const rows = part(fromEntity(db, entity))
      .select([...sqlite.columns, sql.ref(ticketColumn).as('k'), sql.ref(timeColumn).as('t'), sql.ref(`${alias}.id`).as('id')])
      .where(ticketColumn, 'in', ticketsAfter(after, perRead));
    // A short last read is simply followed by an empty one (the rows writer counts rows, not tickets: that costs a sort).
    const pages = await sqlite.read(db, rows);
    if (pages.length === 0 || pages[0]!.n === 0) return;
    for (const page of pages) {
      if (page.lines) {
        yield* page.lines;
        after = page.last;
        continue;
      }
      // Chosen and read again, rendered in JS; the keyset continues from the tickets this read returned.
      const fallback = (await part(fromEntity(db, entity))
        .selectAll(alias)
        .where(ticketColumn, 'in', ticketsAfter(after, writer.perPage))
        .orderBy(ticketColumn)
        .orderBy(timeColumn)
        .orderBy(`${alias}.id`)
        .execute()) as DbRow[];
      if (fallback.length === 0) return;
      yield* writer.lines(fallback);
      after = String(fallback[fallback.length - 1]!.ticketId);
      break;
    }
  }
}

function wholePerTicket(entity: SyncEntity): boolean {
  return (bootstrapRowsWholePerTicket as readonly SyncEntity[]).includes(entity);
}

/** Tickets per page of a per-ticket entity (about four messages or SLA events each: pages near bootstrapPageSize). */
const ticketsPerPage = bootstrapPageSize / 4;

/** Rows (in scope or not) a read's ticket range spans, plus the rest of its last ticket; pages are cut from the reads at ticket boundaries. */
const rowsPerRead = bootstrapPageSize;

/**
 * Pages that each hold every in-scope row of their tickets (the protocol's promise for these entities): the next
 * `perPage` tickets that have rows, in id order, each with its rows in time order.
 *
 * The rows are read in ticket order, one range of whole tickets per read: the range ends at the ticket holding
 * the `perRead`-th row after the last ticket read (counting every row, in scope or not, along the ticket index),
 * and takes all of that ticket's rows, so no ticket is split across reads and no read needs cutting. Both ends of
 * the range bound the rows and the scope's subqueries on `tickets` alike, so every read touches only its own
 * tickets and costs the same wherever it falls, whatever plan the statistics (or their absence) lead to. A page
 * is cut from the reads at ticket boundaries, the same `perPage` tickets however the reads fall.
 */
async function* pagesByTicket(db: SyncDb, entity: SyncEntity, part: Part, writer: PageWriter, perRead: number): AsyncGenerator<string | Buffer> {
  const alias = aliasOf[entity]!;
  const ticketColumn = `${alias}.ticketId`;
  const timeColumn = `${alias}.${entity === 'message' ? 'createdAt' : 'at'}`;
  let page: DbRow[] = [];
  let pageTickets = 0;
  let pageTicket: unknown = undefined;
  let after: string | null = null;
  for (;;) {
    const edge = (await inTicketRange(fromEntity(db, entity).select(ticketColumn), ticketColumn, { after, upTo: null })
      .orderBy(ticketColumn)
      .limit(1)
      .offset(perRead - 1)
      .executeTakeFirst()) as { ticketId: unknown } | undefined;
    const tickets: TicketRange = { after, upTo: edge ? String(edge.ticketId) : null };
    const rows = (await part(inTicketRange(fromEntity(db, entity), ticketColumn, tickets), tickets)
      .selectAll(alias)
      .orderBy(ticketColumn)
      .orderBy(timeColumn)
      .orderBy(`${alias}.id`)
      .execute()) as DbRow[];
    for (const row of rows) {
      if (row.ticketId !== pageTicket) {
        if (pageTickets === writer.perPage) {
          yield* writer.lines(page);
          page = [];
          pageTickets = 0;
        }
        pageTicket = row.ticketId;
        pageTickets += 1;
      }
      page.push(row);
    }
    if (tickets.upTo === null) break;
    after = tickets.upTo;
  }
  if (page.length > 0) yield* writer.lines(page);
}

/**
 * A ticket's whole thread and SLA history (the lazy part of the bootstrap), or null when there is no such ticket.
 */
export async function ticketDetail(
  db: SyncDb,
  ticketId: string,
): Promise<{ messages: Array<Record<string, unknown>>; slaEvents: Array<Record<string, unknown>> } | null> {
  const ticket = await db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return null;
  const [messages, events] = await Promise.all([
    db.selectFrom('messages').selectAll().where('ticketId', '=', ticketId).orderBy('createdAt').orderBy('id').execute(),
    db.selectFrom('sla_events').selectAll().where('ticketId', '=', ticketId).orderBy('at').orderBy('id').execute(),
  ]);
  return {
    messages: messages.map((row) => decodeRow('message', row as Record<string, unknown>) as Record<string, unknown>),
    slaEvents: events.map((row) => decodeRow('sla_event', row as Record<string, unknown>) as Record<string, unknown>),
  };
}
