/**
 * The data layer's public API for the UI: the cache, `startSync` (engine + `mutate`), hooks for sync state and
 * react-query options for reads. See README.md in this folder.
 */
import type { Role } from '../../../shared/domain';
import type { MutationInput, MutationName } from '../../../shared/sync/mutators';
import { AccordDb, type OutboxEntry } from './db';
import { discardRejected, enqueueMutation, retryRejected } from './outbox';
import { workerSnapshotLoader } from './snapshotLoaders';
import { SyncEngine } from './syncEngine';
import { createHttpSyncTransport, type SyncTransport } from './syncTransport';

export { AccordDb, schemaUpgradedElsewhere, type OutboxEntry, type OverlayEntry, type MetaEntry } from './db';
export { SyncEngine, syncOwnerLockName } from './syncEngine';
export { createHttpSyncTransport, SyncHttpError, SyncNetworkError, type SyncTransport } from './syncTransport';
export { applyPendingMutations } from './applyPendingMutations';
export { viewRow, viewRows, pendingMutationIdsOf } from './readModel';
export { NotSignedInError } from './outbox';
export * from './queries';
export * from './syncHooks';
export { useTicketDetail, missingTicketDetail, type TicketDetailState, type MissingTicketDetail } from './ticketDetail';
export { isBootstrapActive, watchBootstrapActivity } from './bootstrapActivity';
export { readThread, readSlaHistory, readSlaHistories } from './ticketGroups';
export { mutatedKeys } from './mutatedKeys';
export {
  allStoredRows,
  bulkGetStoredRows,
  changedSegmentTables,
  segmentsTouch,
  segmentTables,
  getStoredRow,
  hasStoredRowWith,
  prewarmSegmentDirectories,
  scanStoredRows,
  whereStoredRows,
  type SegmentedTable,
} from './segments';
export type { SyncStatus, BootstrapProgress, ServerClock, SyncIdentity } from './syncMeta';
export { MutationRejected } from '../../../shared/sync/mutators';

function createBootstrapWorker(): Worker {
  return new Worker(new URL('./bootstrap.worker.ts', import.meta.url), { type: 'module', name: 'accord-bootstrap' });
}

/** The one cache of this window (IndexedDB database "accord"). */
export const cacheDb = new AccordDb();

export interface StartSyncOptions {
  agent: { id: string; role: Role };
  /** '' for the web console; the backend URL for the desktop app. */
  baseUrl?: string;
  /** Desktop: the host's token; web console: () => null (the HttpOnly cookie authenticates). */
  getToken?: () => string | null | Promise<string | null>;
  db?: AccordDb;
  transport?: SyncTransport;
}

export interface SyncHandle {
  engine: SyncEngine;
  /** Makes a change: durable in the outbox, visible at once, sent when online. Throws MutationRejected if refused locally. */
  mutate<N extends MutationName>(name: N, args: MutationInput<N>): Promise<OutboxEntry>;
  discardRejected(id: number): Promise<void>;
  retryRejected(id: number): Promise<OutboxEntry | null>;
  /** Fetches and caches what the bootstrap left out of a ticket (old closed thread, SLA history). */
  loadTicketDetail(ticketId: string): Promise<void>;
  /** The server's clock as best known (pull/poke offset, corrected by half the round trip). */
  serverNow(): number;
  stop(): Promise<void>;
}

/**
 * Starts sync for the signed-in agent in this window. Every window calls it; one becomes the sync owner (Web
 * Locks) and the others follow through Dexie live queries; when the owner closes, another takes over.
 */
export async function startSync(options: StartSyncOptions): Promise<SyncHandle> {
  const db = options.db ?? cacheDb;
  const transport =
    options.transport ?? createHttpSyncTransport({ baseUrl: options.baseUrl ?? '', getToken: options.getToken ?? (() => null) });
  const engine = new SyncEngine({
    db,
    transport,
    agent: options.agent,
    // The snapshot is parsed and written in a worker: the queue stays responsive and never slows the download.
    ...(typeof Worker === 'function' ? { snapshotLoader: workerSnapshotLoader(createBootstrapWorker) } : {}),
  });
  await engine.start();
  return {
    engine,
    async mutate(name, args) {
      const entry = await enqueueMutation(db, name, args, { now: engine.serverNow(), offline: !engine.online });
      engine.trigger();
      return entry;
    },
    discardRejected: (id) => discardRejected(db, id),
    async retryRejected(id) {
      const entry = await retryRejected(db, id, engine.serverNow(), !engine.online);
      engine.trigger();
      return entry;
    },
    loadTicketDetail: (ticketId) => engine.loadTicketDetail(ticketId),
    serverNow: () => engine.serverNow(),
    stop: () => engine.stop(),
  };
}
