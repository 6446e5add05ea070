import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { isBootstrapActive, watchBootstrapActivity } from './bootstrapActivity';
import { AccordDb } from './db';
import { initialStatus, metaKeys, writeMeta, type BootstrapProgress, type SyncStatus } from './syncMeta';

// fake-indexeddb stands in for the browser's IndexedDB; Dexie's change events and the meta rows are real.
const opened: AccordDb[] = [];
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const db of opened.splice(0)) db.close();
});

function cache(): AccordDb {
  const db = new AccordDb('accord-bootstrap-activity', { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  return db;
}

const progress = (state: BootstrapProgress['state']): BootstrapProgress => ({ state, loaded: 0, total: 10, entities: {}, seq: 5 });
const status = (syncing: boolean): SyncStatus => ({ ...initialStatus, online: true, syncing });

/** Resolves with the first `count` reports of the watch, once there are that many. */
function nextReport(reports: boolean[], count: number): Promise<boolean[]> {
  return new Promise((resolve) => {
    const poll = () => (reports.length >= count ? resolve(reports.slice(0, count)) : setTimeout(poll, 5));
    poll();
  });
}

describe('bootstrap activity', () => {
  it('is active only while the progress says loading and the owner is syncing', async () => {
    const db = cache();
    expect(await isBootstrapActive(db)).toBe(false);
    await writeMeta(db, metaKeys.bootstrap, progress('loading'));
    expect(await isBootstrapActive(db)).toBe(false);
    await writeMeta(db, metaKeys.status, status(true));
    expect(await isBootstrapActive(db)).toBe(true);
    // Broken off: the progress stays at loading, the engine is no longer syncing.
    await writeMeta(db, metaKeys.status, status(false));
    expect(await isBootstrapActive(db)).toBe(false);
    await writeMeta(db, metaKeys.status, status(true));
    await writeMeta(db, metaKeys.bootstrap, progress('done'));
    expect(await isBootstrapActive(db)).toBe(false);
  });

  it('reports the start and the end of a bootstrap, once each, from the writes to meta', async () => {
    const db = cache();
    const reports: boolean[] = [];
    stops.push(watchBootstrapActivity(db, (active) => reports.push(active)));
    expect(await nextReport(reports, 1)).toEqual([false]);
    await writeMeta(db, metaKeys.status, status(true));
    await writeMeta(db, metaKeys.bootstrap, progress('loading'));
    expect(await nextReport(reports, 2)).toEqual([false, true]);
    // Each chunk rewrites the progress: no new report while it stays active.
    await writeMeta(db, metaKeys.bootstrap, { ...progress('loading'), loaded: 4 });
    await writeMeta(db, metaKeys.bootstrap, progress('done'));
    expect(await nextReport(reports, 3)).toEqual([false, true, false]);
    await writeMeta(db, metaKeys.clock, { offsetMs: 0, rttMs: 1, at: 1 });
    expect(await isBootstrapActive(db)).toBe(false);
    expect(reports).toEqual([false, true, false]);
  });
});
