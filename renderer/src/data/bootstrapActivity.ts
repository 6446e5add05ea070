import Dexie, { type ObservabilitySet } from 'dexie';
import type { AccordDb } from './db';
import { metaKeys, readMeta, type BootstrapProgress, type SyncStatus } from './syncMeta';

/**
 * Whether a snapshot is being written into the cache right now, by this window's sync engine or another's (it
 * may run in a worker): the progress says "loading" and the owner's status says it is syncing. A bootstrap that
 * broke off (offline, a failed write) leaves the progress at "loading" but clears "syncing", so it counts as over.
 * Readers that keep their own copy of big tables use this to skip the snapshot's per-chunk change events and
 * read once when it is over, instead of competing with the writer chunk by chunk.
 */
export async function isBootstrapActive(db: AccordDb): Promise<boolean> {
  const [progress, status] = await Promise.all([
    readMeta<BootstrapProgress>(db, metaKeys.bootstrap),
    readMeta<SyncStatus>(db, metaKeys.status),
  ]);
  return progress?.state === 'loading' && status?.syncing === true;
}

/**
 * Calls `onChange` with the current activity, then whenever it flips; returns the unsubscribe. It re-reads the
 * two meta keys after each write to `meta` (every snapshot chunk writes its progress there, in the same
 * transaction as its rows), one read at a time, so the flip is known before the next chunk's change event.
 */
export function watchBootstrapActivity(db: AccordDb, onChange: (active: boolean) => void): () => void {
  let last: boolean | null = null;
  let reading = false;
  let again = false;
  let stopped = false;
  const check = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        // A closed cache (schema upgraded elsewhere) keeps the last answer; the window reloads anyway.
        const active = await isBootstrapActive(db).catch(() => last ?? false);
        if (!stopped && active !== last) {
          last = active;
          onChange(active);
        }
      } while (again && !stopped);
    } finally {
      reading = false;
    }
  };
  const metaPart = `idb://${db.name}/meta/`;
  const listener = (parts: ObservabilitySet) => {
    if (metaPart in parts) void check();
  };
  Dexie.on('storagemutated', listener);
  void check();
  return () => {
    stopped = true;
    Dexie.on('storagemutated').unsubscribe(listener);
  };
}
