import Dexie, { type ObservabilitySet } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { AccordDb } from './db';
import {
  activeGeneration,
  adoptGeneration,
  allStoredRows,
  bulkGetStoredRows,
  changedSegmentTables,
  countStoredRows,
  deleteStoredRows,
  getStoredRow,
  hasStoredRowWith,
  nextGeneration,
  scanStoredRows,
  segmentedStorage,
  segmentSpecs,
  setActiveGeneration,
  whereStoredRows,
  writeSegments,
} from './segments';

// fake-indexeddb stands in for the browser's IndexedDB; the rest is the real data layer.
const opened: AccordDb[] = [];
/** A cache on its own IndexedDB; pass another cache to open a second connection (another window) to it. */
function freshDb(sameAs?: AccordDb): AccordDb {
  const indexedDB = sameAs ? factories.get(sameAs)! : new IDBFactory();
  const db = new AccordDb(sameAs?.name ?? `segments-${++dbCount}`, { indexedDB, IDBKeyRange });
  factories.set(db, indexedDB);
  opened.push(db);
  return db;
}
const factories = new Map<AccordDb, IDBFactory>();
let dbCount = 0;
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

interface TicketLike {
  id: string;
  accountId: string;
  status: string;
  ownerId: string | null;
  subject: string;
}

const id = (n: number) => `t-${String(n).padStart(5, '0')}`;
function ticket(n: number, patch: Partial<TicketLike> = {}): TicketLike {
  return { id: id(n), accountId: `a-${n % 7}`, status: n % 3 === 0 ? 'solved' : 'open', ownerId: n % 2 ? `ag-${n % 5}` : null, subject: `ticket ${n}`, ...patch };
}

const perSegment = segmentSpecs.tickets.rowsPerSegment;

async function loadSnapshotOf(db: AccordDb, gen: number, rows: TicketLike[]): Promise<void> {
  await db.transaction('rw', [db.segments, db.segmentSummaries], async () => {
    await setActiveGeneration(db, gen);
    await writeSegments(db, 'tickets', gen, 0, rows as unknown as Array<Record<string, unknown>>);
  });
}

describe('snapshot segments', () => {
  it('packs rows into segments and finds them by key, by field and by scan', async () => {
    const db = freshDb();
    const rows = Array.from({ length: perSegment * 2 + 17 }, (_, i) => ticket(i));
    await loadSnapshotOf(db, 1, rows);

    expect(await db.segments.count()).toBe(3);
    expect(await db.tickets.count()).toBe(0);
    expect(await getStoredRow(db, 'tickets', id(perSegment + 3))).toEqual(rows[perSegment + 3]);
    expect(await getStoredRow(db, 'tickets', 'nope')).toBeUndefined();
    const many = await bulkGetStoredRows<TicketLike>(db, 'tickets', [id(5), 'nope', id(perSegment * 2 + 16)]);
    expect(many.map((r) => r?.id)).toEqual([id(5), undefined, id(perSegment * 2 + 16)]);

    const ofAccount = await whereStoredRows<TicketLike>(db, 'tickets', 'accountId', ['a-3']);
    expect(ofAccount.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.accountId === 'a-3').map((r) => r.id));
    const solved = await whereStoredRows<TicketLike>(db, 'tickets', 'status', ['solved', 'closed']);
    expect(solved).toHaveLength(rows.filter((r) => r.status === 'solved').length);

    const pages: number[] = [];
    await scanStoredRows(db, 'tickets', (page) => void pages.push(page.length), perSegment);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(await countStoredRows(db, 'tickets')).toBe(rows.length);
  });

  it("lets the table's own rows shadow their segment copies, also when a field moved", async () => {
    const db = freshDb();
    const rows = Array.from({ length: 50 }, (_, i) => ticket(i));
    await loadSnapshotOf(db, 1, rows);
    // A pull moves ticket 3 to another account and solves it; a new ticket arrives.
    await db.tickets.bulkPut([ticket(3, { accountId: 'a-moved', status: 'solved' }), ticket(900)] as never);

    expect((await getStoredRow<TicketLike>(db, 'tickets', id(3)))?.accountId).toBe('a-moved');
    const oldAccount = await whereStoredRows<TicketLike>(db, 'tickets', 'accountId', ['a-3']);
    expect(oldAccount.map((r) => r.id)).not.toContain(id(3));
    const moved = await whereStoredRows<TicketLike>(db, 'tickets', 'accountId', ['a-moved']);
    expect(moved.map((r) => r.id)).toEqual([id(3)]);

    const all = await allStoredRows<TicketLike>(db, 'tickets');
    expect(all).toHaveLength(51);
    expect(all.filter((r) => r.id === id(3))).toEqual([ticket(3, { accountId: 'a-moved', status: 'solved' })]);
  });

  it('deletes a row from its segment and from the table', async () => {
    const db = freshDb();
    await loadSnapshotOf(db, 1, Array.from({ length: 20 }, (_, i) => ticket(i)));
    await db.tickets.put(ticket(4, { subject: 'changed' }) as never);
    await db.transaction('rw', [db.tickets, db.segments, db.segmentSummaries], () => deleteStoredRows(db, 'tickets', [id(4), id(5)]));

    expect(await getStoredRow(db, 'tickets', id(4))).toBeUndefined();
    expect(await getStoredRow(db, 'tickets', id(5))).toBeUndefined();
    expect(await countStoredRows(db, 'tickets')).toBe(18);
    // A directory built afresh (another window) agrees: the summary was rewritten with the segment.
    const other = freshDb(db);
    expect(await getStoredRow(other, 'tickets', id(5))).toBeUndefined();
    expect(await getStoredRow(other, 'tickets', id(6))).toEqual(ticket(6));
  });

  it('sees segments written after its first lookup (a snapshot still streaming in)', async () => {
    const db = freshDb();
    await loadSnapshotOf(db, 1, [ticket(1)]);
    expect(await getStoredRow(db, 'tickets', id(1))).toBeTruthy();
    await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'tickets', 1, 1, [ticket(2)] as never));
    expect(await getStoredRow(db, 'tickets', id(2))).toEqual(ticket(2));
    expect(await hasStoredRowWith(db, 'tickets', 'status', ['solved'])).toBe(false);
    await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'tickets', 1, 2, [ticket(3)] as never));
    expect(await hasStoredRowWith(db, 'tickets', 'status', ['solved'])).toBe(true);
  });

  it('swaps generations whole: the old snapshot until the new one is adopted, then only the new one', async () => {
    const db = freshDb();
    await loadSnapshotOf(db, 1, [ticket(1), ticket(2)]);
    await db.tickets.put(ticket(2, { subject: 'pulled later' }) as never);
    const gen = await nextGeneration(db, 5);
    expect(gen).toBeGreaterThan(1);
    // The re-bootstrap writes beside the active generation…
    await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'tickets', gen, 0, [ticket(2, { subject: 'new snapshot' }), ticket(3)] as never));
    expect(await getStoredRow(db, 'tickets', id(1))).toBeTruthy();
    expect(await getStoredRow(db, 'tickets', id(3))).toBeUndefined();
    // …and at its end adopts it: the old segments and the older own rows go.
    await db.transaction('rw', segmentedStorage(db), () => adoptGeneration(db, gen));
    expect(await activeGeneration(db)).toBe(gen);
    expect(await getStoredRow(db, 'tickets', id(1))).toBeUndefined();
    expect((await getStoredRow<TicketLike>(db, 'tickets', id(2)))?.subject).toBe('new snapshot');
    expect((await allStoredRows<TicketLike>(db, 'tickets')).map((r) => r.id).sort()).toEqual([id(2), id(3)]);
    expect(await nextGeneration(db, 0)).toBe(gen + 1);
  });

  it('reads nothing from segments before any snapshot made a generation active', async () => {
    const db = freshDb();
    await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'tickets', 7, 0, [ticket(1)] as never));
    expect(await getStoredRow(db, 'tickets', id(1))).toBeUndefined();
    expect(await countStoredRows(db, 'tickets')).toBe(0);
  });

  it("tells listeners which tables a segment write touched (a swap names the old generation's keys)", async () => {
    const db = freshDb();
    // Creating the database reports every table as changed (so live queries re-run): not what is tested here.
    await db.open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen: Array<ReturnType<typeof changedSegmentTables>> = [];
    const listener = (parts: ObservabilitySet) => {
      const changed = changedSegmentTables(parts, db.name);
      if (changed === 'all' || changed.size > 0) seen.push(changed);
    };
    Dexie.on('storagemutated', listener);
    try {
      await loadSnapshotOf(db, 1, [ticket(1)]);
      await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'accounts', 1, 0, [{ id: 'acc-1' }]));
      // 60 segments in one write: still named segment by segment (Dexie calls a bulkPut of 50+ the whole table).
      const contacts = Array.from({ length: 60 * 800 }, (_, i) => ({ id: `c-${i}`, accountId: 'acc-1' }));
      await db.transaction('rw', [db.segments, db.segmentSummaries], () => writeSegments(db, 'contacts', 1, 0, contacts));
      await db.transaction('rw', segmentedStorage(db), () => adoptGeneration(db, 2));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      Dexie.on('storagemutated').unsubscribe(listener);
    }
    expect(seen.map((c) => (c === 'all' ? 'all' : [...c].sort().join()))).toEqual(['tickets', 'accounts', 'contacts', 'accounts,contacts,tickets']);
  });
});
