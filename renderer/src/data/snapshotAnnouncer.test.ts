import Dexie, { cmp, type IntervalTree, type ObservabilitySet } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordDb } from './db';
import { mutatedKeys } from './mutatedKeys';
import { SnapshotAnnouncer } from './snapshotAnnouncer';

const db = new AccordDb('announcer', { indexedDB: new IDBFactory(), IDBKeyRange });
const part = (table: string, index = '') => `idb://${db.name}/${table}/${index}`;
let events: ObservabilitySet[] = [];
const listener = (parts: ObservabilitySet) => void events.push(parts);
beforeEach(() => {
  events = [];
  Dexie.on('storagemutated', listener);
});
afterEach(() => Dexie.on('storagemutated').unsubscribe(listener));

/** A clock the test moves. */
function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('SnapshotAnnouncer', () => {
  it('names ticket and account segments at once, with their summaries and the progress', () => {
    const time = clock();
    const announcer = new SnapshotAnnouncer(db.name, 'sync.bootstrap', time.now);
    announcer.written({ segments: [{ table: 'tickets', keys: ['g1/tickets/000000', 'g1/tickets/000001'] }] });

    expect(events).toHaveLength(1);
    expect(mutatedKeys(events[0]![part('segments')])).toEqual(['g1/tickets/000000', 'g1/tickets/000001']);
    expect(mutatedKeys(events[0]![part('segmentSummaries')])).toEqual(['g1/tickets/000000', 'g1/tickets/000001']);
    expect(mutatedKeys(events[0]![part('meta')])).toEqual(['sync.bootstrap']);
  });

  it('keeps the bulky tables for the end, and says progress at most every 400 ms meanwhile', () => {
    const time = clock();
    const announcer = new SnapshotAnnouncer(db.name, 'sync.bootstrap', time.now);
    announcer.written({ segments: [{ table: 'accounts', keys: ['g1/accounts/000000'] }] });
    time.advance(100);
    announcer.written({ segments: [{ table: 'threads', keys: ['g1/threads/000000'] }] });
    expect(events).toHaveLength(1);

    time.advance(400);
    announcer.written({ segments: [{ table: 'threads', keys: ['g1/threads/000001'] }] });
    expect(events).toHaveLength(2);
    expect(Object.keys(events[1]!)).toEqual([part('meta')]);

    announcer.finished();
    expect(events).toHaveLength(3);
    expect(mutatedKeys(events[2]![part('segments')])).toEqual(['g1/threads/000000', 'g1/threads/000001']);
    expect(mutatedKeys(events[2]![part('meta')])).toEqual(['sync.bootstrap']);
  });

  it('announces a table written whole by every index, as a range readers cannot narrow', () => {
    const announcer = new SnapshotAnnouncer(db.name, 'sync.bootstrap');
    announcer.written({ whole: [db.tickets] });

    const parts = events[0]!;
    for (const index of ['', ':dels', 'accountId', 'status', 'ownerId']) {
      const tree = parts[part('tickets', index)] as IntervalTree & { from?: unknown; to?: unknown };
      expect(tree, index).toBeDefined();
      expect(mutatedKeys(tree)).toBeNull();
      expect(cmp(tree.from, 'any key')).toBeLessThan(0);
      expect(cmp(tree.to, 'any key')).toBeGreaterThan(0);
    }
  });
});
