import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { syncEntities, syncEntityNames, type SyncEntity } from '../../shared/sync/entities';
import { bootstrapRowsWholePerTicket, type BootstrapLine, type LazyTicketDetail } from '../../shared/sync/protocol';
import { toTicketNumberRanges } from '../../shared/sync/ticketRanges';
import { decodeRow } from '../db/codec';
import { headSeq, type SyncDb, type UntypedDb } from './changeLog';

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
type AnyQuery = SelectQueryBuilder<any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

interface Scope {
  now: number;
  /** The parts of one entity's rows, each filtered (and streamed in this order). */
  parts(entity: SyncEntity): Array<(query: AnyQuery) => AnyQuery>;
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
  const oldClosedTicket = (eb: AnyEb) =>
    eb.exists(
      eb
        .selectFrom('tickets as t')
        .select('t.id')
        .whereRef('t.id', '=', 'm.ticketId')
        .where('t.status', '=', 'closed')
        .where(eb.fn.coalesce('t.solvedAt', 't.updatedAt'), '<', now - lazyThreadAfterMs)
        .where(untouched),
    );
  const solvedTicket = (eb: AnyEb) =>
    eb.exists(
      eb
        .selectFrom('tickets as t')
        .select('t.id')
        .whereRef('t.id', '=', 'e.ticketId')
        .where('t.status', 'in', ['solved', 'closed'])
        .where(untouched),
    );
  return {
    now,
    parts(entity) {
      switch (entity) {
        case 'ticket':
          // The unsolved tickets first: the queue's views show them.
          return [(q) => q.where('status', 'not in', ['solved', 'closed']), (q) => q.where('status', 'in', ['solved', 'closed'])];
        case 'message':
          return [(q) => q.where((eb) => eb.not(oldClosedTicket(eb)))];
        case 'sla_event':
          return [
            (q) =>
              q.where((eb) =>
                eb.or([
                  eb.not(solvedTicket(eb)),
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
async function lazyTicketDetail(db: SyncDb, now: number): Promise<LazyTicketDetail> {
  const solved = await db
    .selectFrom('tickets')
    .select(['number', 'status', 'solvedAt', 'updatedAt'])
    .where('status', 'in', ['solved', 'closed'])
    .where('updatedAt', '<=', now)
    .execute();
  const threads: number[] = [];
  for (const t of solved) {
    if (t.status === 'closed' && (t.solvedAt ?? t.updatedAt) < now - lazyThreadAfterMs) threads.push(Number(t.number));
  }
  return {
    message: toTicketNumberRanges(threads),
    sla_event: toTicketNumberRanges(solved.map((t) => Number(t.number))),
  };
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
  options: { ticketsPerPage?: number } = {},
): AsyncGenerator<string> {
  const seq = await headSeq(db);
  const scope = bootstrapScope(serverNow);
  const ordered = [...bootstrapOrder.filter((e) => entities.includes(e)), ...entities.filter((e) => !bootstrapOrder.includes(e))];
  const lazy = await lazyTicketDetail(db, serverNow);
  const counts: Record<string, number> = {};
  for (const entity of ordered) {
    let n = 0;
    for (const part of scope.parts(entity)) {
      const row = await part(fromEntity(db, entity))
        .select((eb: AnyEb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      n += Number((row as { n?: unknown } | undefined)?.n ?? 0);
    }
    counts[entity] = n;
  }
  yield line({ type: 'begin', seq, counts, serverNow, lazy });
  const id = (entity: SyncEntity) => idColumn(entity);
  for (const entity of ordered) {
    if (wholePerTicket(entity)) {
      for (const part of scope.parts(entity)) yield* pagesByTicket(db, entity, part, options.ticketsPerPage ?? ticketsPerPage);
      continue;
    }
    for (const part of scope.parts(entity)) {
      let after: string | null = null;
      for (;;) {
        let query = part(fromEntity(db, entity)).selectAll(aliasOf[entity] ?? syncEntities[entity]).orderBy(id(entity)).limit(bootstrapPageSize);
        if (after !== null) query = query.where(id(entity), '>', after);
        const rows = (await query.execute()) as Array<Record<string, unknown>>;
        if (rows.length === 0) break;
        after = String(rows[rows.length - 1]!.id);
        yield line({ type: 'rows', entity, rows: rows.map((row) => decodeRow(entity, row) as Record<string, unknown>) });
        if (rows.length < bootstrapPageSize) break;
      }
    }
  }
  yield line({ type: 'end', seq });
}

function wholePerTicket(entity: SyncEntity): boolean {
  return (bootstrapRowsWholePerTicket as readonly SyncEntity[]).includes(entity);
}

/** Tickets per page of a per-ticket entity (about four messages or SLA events each: pages near bootstrapPageSize). */
const ticketsPerPage = bootstrapPageSize / 4;

/**
 * Pages that each hold every in-scope row of their tickets (the protocol's promise for these entities): keyset
 * over the next tickets that have rows, then those tickets' rows in time order.
 */
async function* pagesByTicket(db: SyncDb, entity: SyncEntity, part: (query: AnyQuery) => AnyQuery, perPage: number): AsyncGenerator<string> {
  const alias = aliasOf[entity]!;
  const ticketColumn = `${alias}.ticketId`;
  const timeColumn = `${alias}.${entity === 'message' ? 'createdAt' : 'at'}`;
  let after: string | null = null;
  for (;;) {
    let next = part(fromEntity(db, entity)).select(ticketColumn).distinct().orderBy(ticketColumn).limit(perPage);
    if (after !== null) next = next.where(ticketColumn, '>', after);
    const ticketIds = ((await next.execute()) as Array<{ ticketId: string }>).map((row) => row.ticketId);
    if (ticketIds.length === 0) return;
    const rows = (await part(fromEntity(db, entity))
      .selectAll(alias)
      .where(ticketColumn, 'in', ticketIds)
      .orderBy(ticketColumn)
      .orderBy(timeColumn)
      .orderBy(`${alias}.id`)
      .execute()) as Array<Record<string, unknown>>;
    yield line({ type: 'rows', entity, rows: rows.map((row) => decodeRow(entity, row) as Record<string, unknown>) });
    after = ticketIds[ticketIds.length - 1]!;
    if (ticketIds.length < perPage) return;
  }
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

function line(value: BootstrapLine): string {
  return `${JSON.stringify(value)}\n`;
}
