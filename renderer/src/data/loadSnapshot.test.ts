import Dexie, { type ObservabilitySet } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotBodyPathPrefix, type BootstrapLine } from '../../../shared/sync/protocol';
import { AccordDb } from './db';
import { loadSnapshot } from './loadSnapshot';
import { mutatedKeys } from './mutatedKeys';
import { allStoredRows, deleteStoredRows, getStoredRow, segmentTables, whereStoredRows } from './segments';
import { SnapshotRangeError } from './snapshotItems';
import type { SnapshotOutline } from './syncTransport';

// fake-indexeddb stands in for the browser's IndexedDB; the loader and the data layer are the real ones.
const opened: AccordDb[] = [];
function freshDb(): AccordDb {
  const db = new AccordDb(`load-snapshot-${opened.length}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const encoder = new TextEncoder();
function streamOf(text: string, chunkSize = 97): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += chunkSize)));
    },
  });
}

const line = (value: BootstrapLine | unknown[]) => `${JSON.stringify(value)}\n`;
const tickets = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, accountId: `a${i % 2}`, status: 'open', ownerId: i % 2 ? 'ag1' : null, subject: `Ticket ${i} — é` }));
const messages = [
  { id: 'm1', ticketId: 't0', createdAt: 1, body: 'first' },
  { id: 'm2', ticketId: 't0', createdAt: 2, body: 'second' },
  { id: 'm3', ticketId: 't1', createdAt: 1, body: 'other' },
];
const begin = line({ type: 'begin', seq: 7, counts: { ticket: 5, message: 3 }, serverNow: 1_700_000_000_000 });

/** A segment header and its array line, as the server packs them. */
function segment(entity: 'ticket' | 'message', records: Array<Record<string, unknown>>, rows: number, fields: Record<string, string>): string {
  const ids = records.map((r) => String(entity === 'message' ? r.ticketId : r.id)).join('\n');
  return line({ type: 'segment', entity, rows, records: records.length, ids, fields }) + line(records);
}

/** Two ticket segments and a thread segment, as a segmented snapshot streams them. */
const packedSnapshot =
  begin +
  segment('ticket', tickets.slice(0, 3), 3, { accountId: 'a0\na1', status: 'open', ownerId: '\nag1' }) +
  segment('ticket', tickets.slice(3), 2, { accountId: 'a1\na0', status: 'open', ownerId: 'ag1\n' }) +
  segment('message', [{ ticketId: 't0', messages: messages.slice(0, 2) }, { ticketId: 't1', messages: [messages[2]] }], 3, {}) +
  line({ type: 'end', seq: 7 });

describe('loadSnapshot', () => {
  it('stores packed segments as they came and reads their rows back by key, by field and whole', async () => {
    const db = freshDb();
    const loaded = await loadSnapshot(db, streamOf(packedSnapshot));

    expect(loaded.seq).toBe(7);
    expect(loaded.progress.entities).toEqual({ ticket: { loaded: 5, total: 5 }, message: { loaded: 3, total: 3 } });
    expect(await getStoredRow(db, 'tickets', 't4')).toEqual(tickets[4]);
    expect((await whereStoredRows(db, 'tickets', 'accountId', ['a1'])).map((t) => t.id).sort()).toEqual(['t1', 't3']);
    expect(await allStoredRows(db, 'tickets')).toEqual(tickets);
    expect(await getStoredRow(db, 'threads', 't0')).toEqual({ ticketId: 't0', messages: messages.slice(0, 2) });
    // Stored as bytes, one record per segment: nothing was parsed into rows on the way in.
    const stored = await db.segments.toArray();
    expect(stored).toHaveLength(3);
    for (const record of stored) expect(record.json).toBeInstanceOf(Uint8Array);
  });

  it('announces a quiet writer\'s load itself: ticket segments as they land, the thread segments once at the end', async () => {
    const db = freshDb();
    await db.open();
    const writer = db.snapshotWriter();
    /** The segment keys each storagemutated event named, in order. */
    const events: string[][] = [];
    const listener = (parts: ObservabilitySet) => {
      const tree = parts[`idb://${db.name}/segments/`];
      events.push(tree ? (mutatedKeys(tree) ?? ['(a range)']) : []);
    };
    Dexie.on('storagemutated', listener);
    try {
      await loadSnapshot(writer, streamOf(packedSnapshot));
    } finally {
      Dexie.on('storagemutated').unsubscribe(listener);
      writer.close();
    }

    const stored = (await db.segments.toCollection().primaryKeys()).map(String);
    expect(stored).toHaveLength(3);
    // Every stored segment was named, by key, and nothing else.
    expect(new Set(events.flat())).toEqual(new Set(stored));
    const beforeEnd = events.slice(0, -1).flat();
    expect(beforeEnd.filter((key) => key.includes('/tickets/'))).toHaveLength(2);
    expect(beforeEnd.some((key) => key.includes('/threads/'))).toBe(false);
    expect(events.at(-1)!.filter((key) => key.includes('/threads/'))).toHaveLength(1);
  });

  it('still loads the rows format of an older server into the same segments', async () => {
    const db = freshDb();
    const snapshot = begin + line({ type: 'rows', entity: 'ticket', rows: tickets }) + line({ type: 'rows', entity: 'message', rows: messages }) + line({ type: 'end', seq: 7 });
    await loadSnapshot(db, streamOf(snapshot));
    expect(await allStoredRows(db, 'tickets')).toEqual(tickets);
    expect(await getStoredRow(db, 'threads', 't1')).toEqual({ ticketId: 't1', messages: [messages[2]] });
  });

  it('refuses a segment whose records do not match its header, and a snapshot cut off after a header', async () => {
    const wrongCount = line({ type: 'segment', entity: 'ticket', rows: 3, records: 3, ids: 't0\nt1', fields: {} }) + line(tickets.slice(0, 3));
    await expect(loadSnapshot(freshDb(), streamOf(begin + wrongCount + line({ type: 'end', seq: 7 })))).rejects.toThrow('does not match its header');
    const cut = begin + line({ type: 'segment', entity: 'ticket', rows: 1, records: 1, ids: 't0', fields: {} });
    await expect(loadSnapshot(freshDb(), streamOf(cut))).rejects.toThrow('ended early');
  });

  it('reads segments an earlier version stored as objects', async () => {
    const db = freshDb();
    await loadSnapshot(db, streamOf(begin + segment('ticket', tickets, 5, { accountId: 'a0\na1', status: 'open', ownerId: '\nag1' }) + line({ type: 'end', seq: 7 })));
    const [record] = await db.segments.toArray();
    await db.segments.put({ key: record!.key, rows: tickets.slice(0, 2) });
    expect(await allStoredRows(db, 'tickets')).toEqual(tickets.slice(0, 2));
  });

  describe('from an outline', () => {
    const body = `${snapshotBodyPathPrefix}b1`;
    const snapshot = packedSnapshot;

    /** The outline the server derives from the segments stream: arrays left out, headers saying where they are. */
    function outlineOf(text: string): string {
      const lines = text.split('\n').filter(Boolean);
      const out: string[] = [];
      let at = 0;
      for (let i = 0; i < lines.length; i += 1) {
        const parsed = JSON.parse(lines[i]!) as Record<string, unknown>;
        at += encoder.encode(lines[i]!).length + 1;
        if (parsed.type === 'begin') out.push(JSON.stringify({ ...parsed, body }));
        else if (parsed.type === 'segment') {
          const bytes = encoder.encode(lines[i + 1]!).length;
          out.push(JSON.stringify({ ...parsed, at, bytes }));
          at += bytes + 1;
          i += 1;
        } else out.push(lines[i]!);
      }
      return out.map((l) => `${l}\n`).join('');
    }

    function outlineSource(ranges: Array<[number, number]>, shortBy = 0): SnapshotOutline {
      const whole = new Blob([encoder.encode(snapshot)]);
      return {
        stream: streamOf(outlineOf(snapshot), 41),
        async fetchRange(path, first, last) {
          expect(path).toBe(body);
          ranges.push([first, last]);
          return whole.slice(first, last + 1 - shortBy);
        },
      };
    }

    it('fetches the arrays as byte ranges, one per run of one entity, stores them as Blobs and reads their rows back', async () => {
      const db = freshDb();
      const ranges: Array<[number, number]> = [];
      const loaded = await loadSnapshot(db, outlineSource(ranges));
      expect(loaded.seq).toBe(7);
      expect(loaded.progress.entities).toEqual({ ticket: { loaded: 5, total: 5 }, message: { loaded: 3, total: 3 } });
      // The two ticket segments in one range (the header between them rides along), the thread segment in another.
      expect(ranges).toHaveLength(2);
      const stored = await db.segments.toArray();
      expect(stored).toHaveLength(3);
      for (const record of stored) expect(record.blob).toBeInstanceOf(Blob);
      expect(await allStoredRows(db, 'tickets')).toEqual(tickets);
      expect((await whereStoredRows(db, 'tickets', 'accountId', ['a1'])).map((t) => t.id).sort()).toEqual(['t1', 't3']);
      expect(await getStoredRow(db, 'threads', 't0')).toEqual({ ticketId: 't0', messages: messages.slice(0, 2) });
    });

    it('reads and rewrites Blob segments inside a transaction, which stays usable after the Blob is read', async () => {
      const db = freshDb();
      await loadSnapshot(db, outlineSource([]));
      await db.transaction('rw', [db.tickets, ...segmentTables(db)], async () => {
        expect(await getStoredRow(db, 'tickets', 't1')).toEqual(tickets[1]);
        await deleteStoredRows(db, 'tickets', ['t1']);
        // An IndexedDB request after the Blob reads: the transaction is still active.
        expect(await db.segments.count()).toBe(3);
      });
      expect((await allStoredRows(db, 'tickets')).map((t) => t.id)).toEqual(['t0', 't2', 't3', 't4']);
    });

    it('refuses a range that came short, and an outline whose begin line names no body', async () => {
      await expect(loadSnapshot(freshDb(), outlineSource([], 1))).rejects.toBeInstanceOf(SnapshotRangeError);
      const noBody: SnapshotOutline = { stream: streamOf(snapshot.replace(/,"body":"[^"]*"/, '')), fetchRange: () => Promise.reject(new Error('not asked')) };
      const withoutBody = outlineOf(snapshot).replace(/,"body":"[^"]*"/, '');
      await expect(loadSnapshot(freshDb(), { ...noBody, stream: streamOf(withoutBody) })).rejects.toThrow('names no body');
    });
  });
});
