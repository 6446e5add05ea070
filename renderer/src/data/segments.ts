import Dexie, { type IntervalTree, type ObservabilitySet, type Table } from 'dexie';
import type { AccordDb } from './db';
import { distinctSegmentList, segmentFieldValue, segmentLayouts, segmentListSeparator } from '../../../shared/sync/protocol';
import { mutatedKeys } from './mutatedKeys';

/**
 * Snapshot segments: the bootstrap stores the bulky tables packed, a few hundred rows to one IndexedDB record.
 *
 * Why: IndexedDB in Chromium pays per record (and per index entry), not per byte. On the 2-core machines we
 * measure on, 20,000 rows of 500 bytes take ~1.4 s as single records and ~0.1 s as 40 packed records; the large
 * demo set's ~290,000 records took ~100 s to write one by one. Packing is what makes a first sync of 100,000
 * tickets take seconds instead of minutes.
 *
 * The model: a segmented table's rows live either in a segment (as the snapshot delivered them) or in the table
 * itself (written later: a pull, a fetched detail). A row in the table shadows its segment copy, so later writes
 * never touch segments; deleting a row removes it from both. Every read of these tables goes through this module
 * (get, bulkGet, a field lookup, a full scan), which merges the two places.
 *
 * Segments belong to a generation (one per snapshot). A first bootstrap makes its generation active at once, so
 * the queue can read the first segments while the rest stream in; a re-bootstrap writes beside the active one
 * and swaps at its end (see loadSnapshot), so readers always see one whole snapshot.
 */

interface SegmentSpec {
  /** Rows per segment: ~100–300 KB, so reading one row's segment stays a millisecond or two. */
  rowsPerSegment: number;
  primaryKey: string;
  /** The table's indexed fields that readers look rows up by (the summary keeps their values). */
  fields: readonly string[];
}

type Layout = (typeof segmentLayouts)[keyof typeof segmentLayouts];
export type SegmentedTable = Layout['table'];

/** Per stored table, the layout the server packs segmented snapshots in (shared/sync/protocol.ts). */
export const segmentSpecs = Object.fromEntries(
  Object.values(segmentLayouts).map((layout: Layout) => [
    layout.table,
    { rowsPerSegment: layout.recordsPerSegment, primaryKey: layout.key, fields: layout.fields },
  ]),
) as unknown as Record<SegmentedTable, SegmentSpec>;

type Row = Record<string, unknown>;

/**
 * A segment: its rows as UTF-8 JSON, an array exactly as a segmented snapshot delivered it (or as writeSegments
 * encoded it). Bytes rather than objects, because IndexedDB clones objects field by field on every write and
 * read, while bytes are copied whole and JSON.parse builds the rows faster than the clone would. `blob`: the same
 * bytes as a Blob fetched from an outline's body (the browser stores it without the page ever holding it, and
 * reads it only when asked). `rows`: a segment stored by an earlier version, still read.
 */
export interface SegmentRecord {
  key: string;
  json?: Uint8Array;
  blob?: Blob;
  rows?: Row[];
}

/** What a packed segment's header says of it (a segmented snapshot's `segment` line), with its array. */
export interface PackedSegment {
  ids: string;
  fields: Record<string, string>;
  body: Uint8Array | Blob;
}

/**
 * What a segment holds, without its rows: its primary keys, and the distinct values of each looked-up field. Each
 * list is one joined string: reading the summaries (at every start) then clones a few strings per segment
 * instead of thousands, and the directory splits only what a lookup needs.
 */
export interface SegmentSummary {
  key: string;
  table: SegmentedTable;
  gen: number;
  ids: string;
  fields: Record<string, string>;
}

/** The summaries table also holds which generation readers use. */
export const activeGenerationKey = '~active';
interface ActiveGeneration {
  key: typeof activeGenerationKey;
  gen: number;
}


export function isSegmented(table: string): table is SegmentedTable {
  return Object.hasOwn(segmentSpecs, table);
}

function generationPrefix(gen: number): string {
  return `g${String(gen).padStart(15, '0')}/`;
}

function keyPrefix(gen: number, table: SegmentedTable): string {
  return `${generationPrefix(gen)}${table}/`;
}

/** The key of a table's segment number `n` in a generation (keys sort by generation, table, then number). */
export function segmentKey(gen: number, table: SegmentedTable, n: number): string {
  return `${keyPrefix(gen, table)}${String(n).padStart(6, '0')}`;
}

function rowKey(table: SegmentedTable, row: Row): string {
  return String(row[segmentSpecs[table].primaryKey]);
}


/** How many segments `rows` rows of a table fill. */
export function segmentsFor(table: SegmentedTable, rows: number): number {
  return Math.ceil(rows / segmentSpecs[table].rowsPerSegment);
}

/** Every table a swap of generations touches: the segmented tables and the segments with their summaries. */
export function segmentedStorage(db: AccordDb): Table[] {
  return [...(Object.keys(segmentSpecs) as SegmentedTable[]).map((table) => db.table(table)), ...segmentTables(db)];
}

/** The tables a transaction needs to read or write segmented rows (add them to its scope). */
export function segmentTables(db: AccordDb): Table[] {
  return [db.segments, db.segmentSummaries];
}

export async function activeGeneration(db: AccordDb): Promise<number | null> {
  const record = (await db.segmentSummaries.get(activeGenerationKey)) as unknown as ActiveGeneration | undefined;
  return record?.gen ?? null;
}

export async function setActiveGeneration(db: AccordDb, gen: number): Promise<void> {
  await db.segmentSummaries.put({ key: activeGenerationKey, gen } as unknown as SegmentSummary);
}

/**
 * A generation number above every one stored (the next snapshot's). Time-based, so that a cache cleared and
 * loaded again never reuses a number a reader may still hold a directory for.
 */
export async function nextGeneration(db: AccordDb, now: number): Promise<number> {
  const last = await db.segmentSummaries.where(':id').below(activeGenerationKey).last();
  const active = (await activeGeneration(db)) ?? 0;
  return Math.max(active + 1, (last?.gen ?? 0) + 1, Math.floor(now));
}

/**
 * Packs rows into segments numbered from `firstNumber`; returns the next free number. Call inside a transaction
 * over `segmentTables` (the snapshot writes each chunk with its progress).
 */
export async function writeSegments(db: AccordDb, table: SegmentedTable, gen: number, firstNumber: number, rows: readonly Row[]): Promise<number> {
  const spec: SegmentSpec = segmentSpecs[table];
  const records: SegmentRecord[] = [];
  const summaries: SegmentSummary[] = [];
  let n = firstNumber;
  for (let i = 0; i < rows.length; i += spec.rowsPerSegment, n++) {
    const part = rows.slice(i, i + spec.rowsPerSegment);
    const key = segmentKey(gen, table, n);
    records.push({ key, json: encodeRows(part) });
    summaries.push(summarise(table, gen, key, part));
  }
  await putNamingKeys(db.segments, records);
  await putNamingKeys(db.segmentSummaries, summaries);
  return n;
}

/**
 * Dexie reports a bulkPut of 50 or more values to every listener (other windows and workers included) as "the
 * whole table changed"; under 50 it names the keys. Segments are written in parts under that, so a snapshot's
 * write of ticket segments does not make the account readers (or every live query over segments) read again.
 */
const keysNamedPerPut = 49;

async function putNamingKeys<T>(table: Table<T, string>, records: readonly T[]): Promise<void> {
  for (let i = 0; i < records.length; i += keysNamedPerPut) await table.bulkPut(records.slice(i, i + keysNamedPerPut));
}

/**
 * Stores segments as the server packed them, numbered from `firstNumber`, without parsing them; returns the next
 * free number. Call inside a transaction over `segmentTables`.
 */
export async function writePackedSegments(
  db: AccordDb,
  table: SegmentedTable,
  gen: number,
  firstNumber: number,
  segments: readonly PackedSegment[],
): Promise<number> {
  const keys = segments.map((_, i) => segmentKey(gen, table, firstNumber + i));
  await putNamingKeys(
    db.segments,
    segments.map((segment, i): SegmentRecord => (segment.body instanceof Uint8Array ? { key: keys[i]!, json: segment.body } : { key: keys[i]!, blob: segment.body })),
  );
  await putNamingKeys(
    db.segmentSummaries,
    segments.map((segment, i) => ({ key: keys[i]!, table, gen, ids: segment.ids, fields: segment.fields })),
  );
  return firstNumber + segments.length;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encodeRows(rows: readonly Row[]): Uint8Array {
  return encoder.encode(JSON.stringify(rows));
}

function decodeRows(record: SegmentRecord | undefined, text: string | undefined): Row[] {
  if (!record) return [];
  if (text !== undefined) return JSON.parse(text) as Row[];
  if (record.json) return JSON.parse(decoder.decode(record.json)) as Row[];
  return record.rows ?? [];
}

/**
 * The text of the segments stored as Blobs (undefined for the others). Reading a Blob is not an IndexedDB
 * request: inside a transaction, Dexie.waitFor keeps the transaction alive meanwhile (outside one it just waits).
 */
function blobTexts(records: ReadonlyArray<SegmentRecord | undefined>): Promise<Array<string | undefined>> | null {
  if (!records.some((record) => record?.blob)) return null;
  return Dexie.waitFor(Promise.all(records.map((record) => record?.blob?.text())));
}

function summarise(table: SegmentedTable, gen: number, key: string, rows: readonly Row[]): SegmentSummary {
  const fields: Record<string, string> = {};
  for (const field of segmentSpecs[table].fields as readonly string[]) {
    fields[field] = distinctSegmentList(rows.map((row) => segmentFieldValue(row[field])));
  }
  return { key, table, gen, ids: rows.map((row) => rowKey(table, row)).join(segmentListSeparator), fields };
}

/**
 * Which segment holds which row, per table, for the active generation. Built from the summaries on first use
 * and topped up with segments written since (a bootstrap in progress); rebuilt when the generation changes.
 * A stale entry (the row was deleted since) is harmless: the segment simply no longer has the row.
 */
class SegmentDirectory {
  private readonly summaries: SegmentSummary[] = [];
  private ids: Map<string, string> | null = null;
  private readonly fields = new Map<string, Map<string, Set<string>>>();
  lastKey = '';
  constructor(
    readonly table: SegmentedTable,
    readonly gen: number,
  ) {}

  add(summary: SegmentSummary): void {
    this.summaries.push(summary);
    if (this.ids) this.addIds(this.ids, summary);
    for (const [field, index] of this.fields) this.addValues(index, field, summary);
    if (summary.key > this.lastKey) this.lastKey = summary.key;
  }

  /** Builds every lookup now rather than on first use. */
  buildLookups(): void {
    this.segmentOf('');
    for (const field of segmentSpecs[this.table].fields as readonly string[]) this.segmentsWith(field, '');
  }

  /** The segment that holds a primary key (the key map is built on the first lookup). */
  segmentOf(id: string): string | undefined {
    if (!this.ids) {
      this.ids = new Map();
      for (const summary of this.summaries) this.addIds(this.ids, summary);
    }
    return this.ids.get(id);
  }

  /** The segments that hold a field value (each field's map is built on its first lookup). */
  segmentsWith(field: string, value: string): ReadonlySet<string> | undefined {
    let index = this.fields.get(field);
    if (!index) {
      this.fields.set(field, (index = new Map()));
      for (const summary of this.summaries) this.addValues(index, field, summary);
    }
    return index.get(value);
  }

  private addIds(ids: Map<string, string>, summary: SegmentSummary): void {
    if (summary.ids === '') return;
    for (const id of summary.ids.split(segmentListSeparator)) ids.set(id, summary.key);
  }

  private addValues(index: Map<string, Set<string>>, field: string, summary: SegmentSummary): void {
    const joined = summary.fields[field];
    if (joined === undefined) return;
    for (const value of joined.split(segmentListSeparator)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(summary.key);
    }
  }
}

const directories = new WeakMap<AccordDb, Map<SegmentedTable, SegmentDirectory>>();

async function directoryOf(db: AccordDb, table: SegmentedTable): Promise<SegmentDirectory | null> {
  const gen = await activeGeneration(db);
  if (gen === null) return null;
  let perTable = directories.get(db);
  if (!perTable) directories.set(db, (perTable = new Map()));
  let dir = perTable.get(table);
  if (!dir || dir.gen !== gen) perTable.set(table, (dir = new SegmentDirectory(table, gen)));
  const prefix = keyPrefix(gen, table);
  const fresh = (await db.segmentSummaries
    .where(':id')
    .between(dir.lastKey > prefix ? dir.lastKey : prefix, `${prefix}\uffff`, dir.lastKey <= prefix, false)
    .toArray()) as SegmentSummary[];
  for (const summary of fresh) dir.add(summary);
  return dir;
}

/**
 * Builds the lookups an opened ticket needs (its row, thread, SLA history, escalations, contacts) ahead of time,
 * so the first open after a start does not pay for them. Call when the window is idle.
 */
export async function prewarmSegmentDirectories(db: AccordDb): Promise<void> {
  for (const table of ['tickets', 'threads', 'slaHistories', 'escalations', 'contacts'] as const) {
    const dir = await directoryOf(db, table);
    if (!dir) return;
    dir.buildLookups();
  }
}

async function segmentRows(db: AccordDb, keys: Iterable<string>): Promise<Map<string, Row[]>> {
  const list = [...keys];
  const records = (await db.segments.bulkGet(list)) as Array<SegmentRecord | undefined>;
  // Awaited only when there are Blobs: an extra await of a native promise ends a Dexie transaction's zone.
  const reading = blobTexts(records);
  const texts = reading ? await reading : [];
  return new Map(list.map((key, i) => [key, decodeRows(records[i], texts[i])]));
}

function tableOf(db: AccordDb, table: SegmentedTable): Table<Row, string> {
  return db.table(table);
}

/** A stored row by primary key: the table's own row, else its segment copy. */
export async function getStoredRow<T = Row>(db: AccordDb, table: SegmentedTable, id: string): Promise<T | undefined> {
  const own = await tableOf(db, table).get(id);
  if (own) return own as T;
  const dir = await directoryOf(db, table);
  const key = dir?.segmentOf(id);
  if (!key) return undefined;
  const rows = (await segmentRows(db, [key])).get(key) ?? [];
  return rows.find((row) => rowKey(table, row) === id) as T | undefined;
}

/** Stored rows by primary keys, in the order asked (undefined where there is none). */
export async function bulkGetStoredRows<T = Row>(db: AccordDb, table: SegmentedTable, ids: readonly string[]): Promise<Array<T | undefined>> {
  const own = await tableOf(db, table).bulkGet([...ids]);
  const missing = ids.filter((_, i) => own[i] === undefined);
  if (missing.length === 0) return own as Array<T | undefined>;
  const dir = await directoryOf(db, table);
  if (!dir) return own as Array<T | undefined>;
  const keys = new Set<string>();
  for (const id of missing) {
    const key = dir.segmentOf(id);
    if (key) keys.add(key);
  }
  const found = new Map<string, Row>();
  for (const rows of (await segmentRows(db, keys)).values()) for (const row of rows) found.set(rowKey(table, row), row);
  return ids.map((id, i) => (own[i] ?? found.get(id)) as T | undefined);
}

/**
 * Stored rows whose indexed `field` has one of `values` (tickets of an account, escalations of a ticket). The
 * table's own rows come through its index; a segment copy counts only while the table has no row of that id
 * (the table's row may have moved to another value since).
 */
export async function whereStoredRows<T = Row>(db: AccordDb, table: SegmentedTable, field: string, values: readonly string[]): Promise<T[]> {
  // IndexedDB does not index null, so neither does this: look rows with no value up by a scan.
  const own = (await tableOf(db, table).where(field).anyOf([...values]).toArray()) as Row[];
  const dir = await directoryOf(db, table);
  if (!dir || !(segmentSpecs[table].fields as readonly string[]).includes(field)) return own as T[];
  const wanted = new Set(values.map(segmentFieldValue));
  const keys = new Set<string>();
  for (const value of wanted) for (const key of dir.segmentsWith(field, value) ?? []) keys.add(key);
  if (keys.size === 0) return own as T[];
  const candidates: Row[] = [];
  for (const rows of (await segmentRows(db, keys)).values()) for (const row of rows) if (wanted.has(segmentFieldValue(row[field]))) candidates.push(row);
  // One read of the table's keys (it holds only what changed since the snapshot) rather than a get per candidate.
  const shadowed = new Set((await tableOf(db, table).toCollection().primaryKeys()).map(String));
  return [...own, ...candidates.filter((row) => !shadowed.has(rowKey(table, row)))] as T[];
}

/** Whether any stored row has one of `values` in `field` (answered from the index and the summaries alone). */
export async function hasStoredRowWith(db: AccordDb, table: SegmentedTable, field: string, values: readonly string[]): Promise<boolean> {
  if ((await tableOf(db, table).where(field).anyOf([...values]).limit(1).primaryKeys()).length > 0) return true;
  const dir = await directoryOf(db, table);
  return values.some((value) => (dir?.segmentsWith(field, value)?.size ?? 0) > 0);
}

/**
 * Every stored row of a table, page by page (one short task each): the table's own rows first, then each
 * segment's rows that the table does not shadow. `onPage` may be async; the scan waits for it, and stops when it
 * answers `false`.
 */
export async function scanStoredRows<T = Row>(
  db: AccordDb,
  table: SegmentedTable,
  onPage: (rows: T[]) => void | boolean | Promise<void | boolean>,
  pageSize = 1000,
): Promise<void> {
  const own = tableOf(db, table);
  const ownKeys = new Set((await own.toCollection().primaryKeys()).map(String));
  let last: string | null = null;
  for (;;) {
    const page = (await (last === null ? own.orderBy(':id') : own.where(':id').above(last)).limit(pageSize).toArray()) as Row[];
    if (page.length === 0) break;
    if ((await onPage(page as T[])) === false) return;
    last = rowKey(table, page[page.length - 1]!);
    if (page.length < pageSize) break;
  }
  const gen = await activeGeneration(db);
  if (gen === null) return;
  const prefix = keyPrefix(gen, table);
  const keys = (await db.segments.where(':id').between(prefix, `${prefix}\uffff`).primaryKeys()).map(String);
  // Several segments per read, about a page of rows.
  const perRead = Math.max(1, Math.round(pageSize / segmentSpecs[table].rowsPerSegment));
  for (let i = 0; i < keys.length; i += perRead) {
    const rows: Row[] = [];
    for (const part of (await segmentRows(db, keys.slice(i, i + perRead))).values()) {
      for (const row of part) if (!ownKeys.has(rowKey(table, row))) rows.push(row);
    }
    if (rows.length > 0 && (await onPage(rows as T[])) === false) return;
  }
}

/** Every stored row of a table at once (small tables, or where the caller needs them all anyway). */
export async function allStoredRows<T = Row>(db: AccordDb, table: SegmentedTable): Promise<T[]> {
  const out: T[] = [];
  await scanStoredRows<T>(db, table, (rows) => void out.push(...rows), 5000);
  return out;
}

/** How many rows a table stores (own rows plus unshadowed segment rows). */
export async function countStoredRows(db: AccordDb, table: SegmentedTable): Promise<number> {
  let n = 0;
  await scanStoredRows(db, table, (rows) => void (n += rows.length), 5000);
  return n;
}

/**
 * Deletes rows by primary key from the table and from their segments (rewritten without them). Call inside a
 * transaction over the table and `segmentTables`.
 */
export async function deleteStoredRows(db: AccordDb, table: SegmentedTable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tableOf(db, table).bulkDelete([...ids]);
  const dir = await directoryOf(db, table);
  if (!dir) return;
  const keys = new Set<string>();
  for (const id of ids) {
    const key = dir.segmentOf(id);
    if (key) keys.add(key);
  }
  const gone = new Set(ids);
  for (const [key, rows] of await segmentRows(db, keys)) {
    const kept = rows.filter((row) => !gone.has(rowKey(table, row)));
    if (kept.length === rows.length) continue;
    await db.segments.put({ key, json: encodeRows(kept) });
    await db.segmentSummaries.put(summarise(table, dir.gen, key, kept));
  }
}

/**
 * Makes `gen` the active generation and drops every other one, with the segmented tables' own rows: they are
 * older than the snapshot that `gen` holds. Call inside a transaction over the segmented tables and
 * `segmentTables` (the end of a re-bootstrap).
 */
export async function adoptGeneration(db: AccordDb, gen: number): Promise<void> {
  const keep = generationPrefix(gen);
  const stale = (key: unknown) => !String(key).startsWith(keep);
  const segmentKeys = (await db.segments.toCollection().primaryKeys()).filter(stale);
  const summaryKeys = (await db.segmentSummaries.where(':id').below(activeGenerationKey).primaryKeys()).filter(stale);
  await db.segments.bulkDelete(segmentKeys);
  await db.segmentSummaries.bulkDelete(summaryKeys);
  for (const table of Object.keys(segmentSpecs) as SegmentedTable[]) await tableOf(db, table).clear();
  await setActiveGeneration(db, gen);
}

/**
 * Which segmented tables a Dexie change event touched through their segments (the keys name the table), or
 * 'all' when it names a range (a clear or a swap of generations). Empty when no segment changed.
 */
export function changedSegmentTables(parts: ObservabilitySet, dbName: string): Set<SegmentedTable> | 'all' {
  const tables = new Set<SegmentedTable>();
  const tree = parts[`idb://${dbName}/segments/`] as IntervalTree | undefined;
  if (!tree) return tables;
  const keys = mutatedKeys(tree);
  if (keys === null) return 'all';
  for (const key of keys) {
    const table = key.split('/')[1] ?? '';
    if (isSegmented(table)) tables.add(table);
  }
  return tables;
}

/** Whether `changedSegmentTables` says the segments of `table` changed. */
export function segmentsTouch(changed: Set<SegmentedTable> | 'all', table: SegmentedTable): boolean {
  return changed === 'all' || changed.has(table);
}
