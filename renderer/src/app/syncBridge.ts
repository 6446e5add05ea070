import { useEffect, useSyncExternalStore } from 'react';
import type { Agent } from '../../../shared/domain';
import { cacheDb, startSync as startDataSync, usePendingCount, useRejectedMutations, useServerClockOffset, useSyncStatus as useDataSyncStatus, type SyncHandle } from '../data';
import { setServerTimeOffset } from '../ui/clock';
import { setMutationImpl } from './mutations';
import { useSession } from './session';

/**
 * The seam between the UI and the data layer's sync engine: start/stop with the session, the status the
 * connection indicator shows, and the server clock offset for the shared ticker.
 */
export interface SyncStatusView {
  state: 'online' | 'offline' | 'syncing' | 'error';
  pending: number;
  rejected: number;
  detail?: string;
}

let handle: SyncHandle | null = null;
let starting: Promise<SyncHandle> | null = null;

export async function startSync(agent: Pick<Agent, 'id' | 'role'>): Promise<void> {
  if (handle || starting) return;
  const { baseUrl } = useSession.getState();
  starting = startDataSync({
    agent: { id: agent.id, role: agent.role },
    baseUrl: baseUrl === window.location.origin ? '' : baseUrl,
    getToken: () => useSession.getState().token,
  });
  try {
    handle = await starting;
    setMutationImpl((name, args) => handle!.mutate(name, args));
  } finally {
    starting = null;
  }
}

export async function stopSync(): Promise<void> {
  const h = handle ?? (starting ? await starting.catch(() => null) : null);
  handle = null;
  await h?.stop();
}

export function syncHandle(): SyncHandle | null {
  return handle;
}

export function useSyncStatus(): SyncStatusView {
  const s = useDataSyncStatus(cacheDb);
  const pending = usePendingCount(cacheDb);
  const rejected = useRejectedMutations(cacheDb).length;
  const browserOnline = useBrowserOnline();
  // The engine learns of a lost network only when its next request fails; the browser knows at once.
  const state: SyncStatusView['state'] = !browserOnline ? 'offline' : s.syncing ? 'syncing' : s.online ? 'online' : s.lastError ? 'error' : 'offline';
  return { state, pending, rejected, ...(s.lastError ? { detail: s.lastError } : {}) };
}

/** navigator.onLine, live. `false` is reliable (no network at all); `true` only means "maybe". */
function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}

/** Feeds the data layer's measured server clock offset into the shared ticker. */
export function useServerClockBridge(): void {
  const offset = useServerClockOffset(cacheDb);
  useEffect(() => setServerTimeOffset(offset), [offset]);
}
