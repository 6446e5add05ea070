import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { schemaUpgradedElsewhere, type AccordDb, type OutboxEntry } from './db';
import { initialStatus, metaKeys, type BootstrapProgress, type ServerClock, type SyncStatus } from './syncMeta';

/**
 * Sync state for the UI, read from Dexie with live queries, so every window (sync owner or follower) sees the
 * same thing and nothing about sync lives in zustand.
 */

export function useSyncStatus(db: AccordDb): SyncStatus {
  return useLiveQuery(async () => ((await db.meta.get(metaKeys.status))?.value as SyncStatus | undefined) ?? initialStatus, [db], initialStatus);
}

/** Changes made here and not yet confirmed by the server. */
export function usePendingCount(db: AccordDb): number {
  return useLiveQuery(() => db.outbox.where('status').equals('pending').count(), [db], 0);
}

/** Changes the server refused, with its reason: show them with "discard" and "retry". */
export function useRejectedMutations(db: AccordDb): OutboxEntry[] {
  return useLiveQuery(() => db.outbox.where('status').equals('rejected').sortBy('id'), [db], []);
}

const idleProgress: BootstrapProgress = { state: 'idle', loaded: 0, total: 0, entities: {}, seq: 0 };

/** Bootstrap progress with counts (for the progress bar). */
export function useBootstrapProgress(db: AccordDb): BootstrapProgress {
  return useLiveQuery(
    async () => ((await db.meta.get(metaKeys.bootstrap))?.value as BootstrapProgress | undefined) ?? idleProgress,
    [db],
    idleProgress,
  );
}

/** The server clock offset measured at the last pull or poke (serverTime ≈ Date.now() + offsetMs). */
export function useServerClockOffset(db: AccordDb): number {
  return useLiveQuery(async () => ((await db.meta.get(metaKeys.clock))?.value as ServerClock | undefined)?.offsetMs ?? 0, [db], 0);
}

/** Outbox ids touching a row: non-empty means "provisional" (made here, not yet stamped by the server). */
export function usePendingMutationIds(db: AccordDb, entity: string, id: string | null | undefined): number[] {
  return useLiveQuery(
    async () => (id ? ((await db.overlay.get([entity as never, id]))?.mutationIds ?? []) : []),
    [db, entity, id],
    [],
  );
}

/** True once another window upgraded the cache schema: this window's cache is closed; prompt to reload. */
export function useSchemaUpgradeRequired(): boolean {
  return useSyncExternalStore(
    (listener) => schemaUpgradedElsewhere.subscribe(listener),
    () => schemaUpgradedElsewhere.happened,
    () => false,
  );
}
