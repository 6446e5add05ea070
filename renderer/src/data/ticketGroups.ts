import type { Message, SlaEvent } from '../../../shared/domain';
import type { Table } from 'dexie';
import { syncEntities, syncEntityNames, type SyncEntity } from '../../../shared/sync/entities';
import type { AccordDb, SlaHistoryRow, ThreadRow } from './db';
import { bulkGetStoredRows, getStoredRow, isSegmented, scanStoredRows, segmentTables } from './segments';

/**
 * Messages and SLA events are stored one record per ticket (its thread, its SLA history) rather than one record
 * per row: they are only ever read a ticket at a time, and IndexedDB's cost is per record — the bootstrap writes
 * ~80,000 threads instead of ~310,000 messages, and opening a ticket is one `get`. Everything else about them
 * (sync changes, the overlay of pending mutations, lazy detail) still speaks of single rows; this module is the
 * one place that translates.
 */
export type GroupedEntity = 'message' | 'sla_event';

interface GroupSpec<Row> {
  table: 'threads' | 'slaHistories';
  field: 'messages' | 'events';
  /** Time order within the group (ties broken by id, so every client orders alike). */
  compare(a: Row, b: Row): number;
}

const byCreated = (a: Message, b: Message) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byAt = (a: SlaEvent, b: SlaEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const specs: { message: GroupSpec<Message>; sla_event: GroupSpec<SlaEvent> } = {
  message: { table: 'threads', field: 'messages', compare: byCreated },
  sla_event: { table: 'slaHistories', field: 'events', compare: byAt },
};

type GroupRecord = { ticketId: string } & Record<string, unknown>;
type Row = Record<string, unknown> & { id: string; ticketId: string };

export function isGrouped(entity: SyncEntity): entity is GroupedEntity {
  return entity === 'message' || entity === 'sla_event';
}

/** The Dexie table that stores an entity's rows (grouped entities: the per-ticket table). */
export function storageTableName(entity: SyncEntity): string {
  return isGrouped(entity) ? specs[entity].table : syncEntities[entity];
}

/** Every table that stores synced rows, for a transaction that may touch any of them. */
export function storageTables(db: AccordDb): Table[] {
  return [...[...new Set(syncEntityNames.map(storageTableName))].map((name) => db.table(name)), ...segmentTables(db)];
}

function spec(entity: GroupedEntity): GroupSpec<Row> {
  return specs[entity] as unknown as GroupSpec<Row>;
}

function rowsOf(entity: GroupedEntity, group: GroupRecord | undefined): Row[] {
  return (group?.[spec(entity).field] as Row[] | undefined) ?? [];
}

function record(entity: GroupedEntity, ticketId: string, rows: Row[]): GroupRecord {
  return { ticketId, [spec(entity).field]: rows };
}

/** Rows by ticket, each list in time order. */
function byTicket(entity: GroupedEntity, rows: readonly Record<string, unknown>[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows as readonly Row[]) {
    let list = groups.get(row.ticketId);
    if (!list) groups.set(row.ticketId, (list = []));
    list.push(row);
  }
  for (const list of groups.values()) list.sort(spec(entity).compare);
  return groups;
}

/**
 * Whole groups from rows that hold every row of their tickets (a bootstrap page never splits a ticket's rows):
 * written as they are, replacing what the cache had, without reading it first.
 */
export function wholeGroups(entity: GroupedEntity, rows: readonly Record<string, unknown>[]): GroupRecord[] {
  return [...byTicket(entity, rows)].map(([ticketId, list]) => record(entity, ticketId, list));
}

/**
 * Merges rows into their tickets' groups (a pull, a fetched detail). A row with an id the group has replaces it,
 * unless `keepExisting` (rows the cache already has are at least as new). Inside a transaction over the table.
 */
export async function mergeIntoGroups(
  db: AccordDb,
  entity: GroupedEntity,
  rows: readonly Record<string, unknown>[],
  options: { keepExisting?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const table = db.table<GroupRecord, string>(spec(entity).table);
  const incoming = byTicket(entity, rows);
  const ticketIds = [...incoming.keys()];
  const current = await bulkGetStoredRows<GroupRecord>(db, spec(entity).table, ticketIds);
  const merged = ticketIds.map((ticketId, i) => {
    const byId = new Map(rowsOf(entity, current[i]).map((row) => [row.id, row]));
    for (const row of incoming.get(ticketId)!) if (!(options.keepExisting && byId.has(row.id))) byId.set(row.id, row);
    return record(entity, ticketId, [...byId.values()].sort(spec(entity).compare));
  });
  await table.bulkPut(merged);
}

/**
 * Removes rows by id. The server never deletes messages or SLA events today, so this is the rare path: without
 * the ticket it has to look through the groups.
 */
export async function removeFromGroups(db: AccordDb, entity: GroupedEntity, ids: readonly string[]): Promise<void> {
  const gone = new Set(ids);
  const table = db.table<GroupRecord, string>(spec(entity).table);
  const touched: GroupRecord[] = [];
  // A changed group is written to the table, where it shadows its segment copy.
  await scanStoredRows<GroupRecord>(db, spec(entity).table, (groups) => {
    for (const group of groups) {
      const rows = rowsOf(entity, group);
      if (rows.some((row) => gone.has(row.id))) touched.push(record(entity, group.ticketId, rows.filter((row) => !gone.has(row.id))));
    }
  });
  if (touched.length > 0) await table.bulkPut(touched);
}

/**
 * A base row a mutation reads. A message is found in its ticket's thread: the mutations that read one (a reply,
 * a note, a new ticket's first message) name the ticket in their args.
 */
export async function baseRowForMutation(db: AccordDb, entity: SyncEntity, id: string, args: unknown): Promise<unknown> {
  if (!isGrouped(entity)) return storedRow(db, syncEntities[entity], id);
  const ticketId = (args as { ticketId?: unknown } | null)?.ticketId;
  if (typeof ticketId !== 'string') return undefined;
  const group = await getStoredRow<GroupRecord>(db, spec(entity).table, ticketId);
  return rowsOf(entity, group).find((row) => row.id === id);
}

/** A base row by primary key from any synced table (segmented or not). */
export async function storedRow(db: AccordDb, tableName: string, id: string): Promise<unknown> {
  return isSegmented(tableName) ? getStoredRow(db, tableName, id) : db.table(tableName).get(id);
}

/** A ticket's thread in time order (server-confirmed rows; see queries.ts for what the UI shows). */
export async function readThread(db: AccordDb, ticketId: string): Promise<Message[]> {
  return (await getStoredRow<ThreadRow>(db, 'threads', ticketId))?.messages ?? [];
}

/** A ticket's SLA events in time order. */
export async function readSlaHistory(db: AccordDb, ticketId: string): Promise<SlaEvent[]> {
  return (await getStoredRow<SlaHistoryRow>(db, 'slaHistories', ticketId))?.events ?? [];
}

/** The SLA events of many tickets, at or after `since` (the lead board's attainment, an account's quarter). */
export async function readSlaHistories(db: AccordDb, ticketIds: readonly string[], since = -Infinity, until = Infinity): Promise<SlaEvent[]> {
  const groups = await bulkGetStoredRows<SlaHistoryRow>(db, 'slaHistories', ticketIds);
  const out: SlaEvent[] = [];
  for (const group of groups) for (const event of group?.events ?? []) if (event.at >= since && event.at < until) out.push(event);
  return out;
}
