import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { AccordDb } from './db';
import { bindCacheInvalidation, cacheKeys, isStaleCacheQuery, type CacheChanges } from './queries';

describe('isStaleCacheQuery', () => {
  const changes: CacheChanges = new Map<string, Set<string> | 'all'>([
    ['tickets', new Set(['t1'])],
    ['threads', new Set(['t1'])],
    ['accounts', 'all'],
  ]);

  it('reads a single row or a thread again only when its key was written', () => {
    expect(isStaleCacheQuery(cacheKeys.ticket('t1'), changes)).toBe(true);
    expect(isStaleCacheQuery(cacheKeys.ticket('t2'), changes)).toBe(false);
    expect(isStaleCacheQuery(cacheKeys.messages('t1'), changes)).toBe(true);
    expect(isStaleCacheQuery(cacheKeys.messages('t2'), changes)).toBe(false);
  });

  it('reads lists, whole-table changes and everything after an overlay change again', () => {
    expect(isStaleCacheQuery(cacheKeys.tickets({ accountId: 'a1' }), changes)).toBe(true);
    expect(isStaleCacheQuery(cacheKeys.account('a9'), changes)).toBe(true);
    expect(isStaleCacheQuery(cacheKeys.agents(), changes)).toBe(false);
    expect(isStaleCacheQuery(cacheKeys.agents(), new Map([['overlay', new Set(['x'])]]))).toBe(true);
    expect(isStaleCacheQuery(['other', 'tickets', 'one', 't1'], changes)).toBe(false);
  });
});

describe('bindCacheInvalidation', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('refetches the ticket that a write touched and leaves the others alone', async () => {
    const db = new AccordDb('invalidation', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    // Creating the database reports every table as changed; bind after it settled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const client = new QueryClient();
    const reads = new Map<string, number>();
    // Mounted queries (an observer each), as the ticket page and the queue's prefetch hold them.
    const unsubscribers = ['t1', 't2'].map((id) =>
      new QueryObserver(client, {
        queryKey: cacheKeys.ticket(id),
        staleTime: Infinity,
        queryFn: () => {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          return id;
        },
      }).subscribe(() => {}),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([reads.get('t1'), reads.get('t2')]).toEqual([1, 1]);
    closers.push(bindCacheInvalidation(client, db), () => unsubscribers.forEach((u) => u()), () => db.close());

    await db.tickets.put({ id: 't1' } as never);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads.get('t1')).toBe(2);
    expect(reads.get('t2')).toBe(1);
  });
});
