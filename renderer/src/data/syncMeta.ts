import type { Role } from '../../../shared/domain';
import type { AccordDb } from './db';

/** Keys of the sync engine's state in the Dexie `meta` table: the hooks read them with live queries. */
export const metaKeys = {
  identity: 'sync.identity',
  cursor: 'sync.cursor',
  nextMutationId: 'sync.nextMutationId',
  status: 'sync.status',
  bootstrap: 'sync.bootstrap',
  clock: 'sync.clock',
  /** Which tickets' thread or SLA history the bootstrap left out (LazyTicketDetail); they load on open. */
  lazyDetail: 'sync.lazyDetail',
} as const;

/** Who this cache belongs to. Never a token: tokens stay with the host or in an HttpOnly cookie. */
export interface SyncIdentity {
  clientId: string;
  agentId: string;
  role: Role;
}

export interface SyncStatus {
  /** The last request reached the server. */
  online: boolean;
  /** A push, pull or bootstrap is running. */
  syncing: boolean;
  lastSyncedAt: number | null;
  lastError: string | null;
}

export interface BootstrapProgress {
  state: 'idle' | 'loading' | 'done';
  loaded: number;
  total: number;
  /** Per entity: rows loaded / rows announced. */
  entities: Record<string, { loaded: number; total: number }>;
  seq: number;
  /** When "done": this device's clock (Date.now) as the bootstrap began and as the cache was complete. */
  startedAt?: number;
  finishedAt?: number;
}

export interface ServerClock {
  /** serverTime ≈ Date.now() + offsetMs. */
  offsetMs: number;
  rttMs: number;
  at: number;
}

export const initialStatus: SyncStatus = { online: false, syncing: false, lastSyncedAt: null, lastError: null };

export async function readMeta<T>(db: AccordDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function writeMeta(db: AccordDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
