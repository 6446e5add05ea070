import { liveQuery, type Subscription } from 'dexie';
import type { Role } from '../../../shared/domain';
import { syncEntities, type SyncEntity } from '../../../shared/sync/entities';
import { syncErrorCodes, type Change, type Poke } from '../../../shared/sync/protocol';
import { applyPendingMutations, replayTables } from './applyPendingMutations';
import type { AccordDb, OutboxEntry } from './db';
import { loadSnapshotInThread, type SnapshotLoader } from './snapshotLoaders';
import { storeTicketDetail } from './ticketDetail';
import {
  initialStatus,
  metaKeys,
  readMeta,
  type BootstrapProgress,
  type ServerClock,
  type SyncIdentity,
  type SyncStatus,
} from './syncMeta';
import { SyncHttpError, SyncNetworkError, type SyncTransport } from './syncTransport';
import { deleteStoredRows, isSegmented, type SegmentedTable } from './segments';
import { isGrouped, mergeIntoGroups, removeFromGroups } from './ticketGroups';

export interface SyncEngineOptions {
  db: AccordDb;
  transport: SyncTransport;
  /** The signed-in agent. A cache that belonged to another agent is wiped first. */
  agent: { id: string; role: Role };
  /** Wall clock (a fake only in tests). */
  clock?: () => number;
  newClientId?: () => string;
  /** Web Locks for the one-sync-owner-per-origin rule; null runs as owner unconditionally (tests, old engines). */
  locks?: LockManager | null;
  /** false: never own sync (no loop, no live channel); the caller drives `syncOnce` (tests, benches). */
  autoRun?: boolean;
  pullLimit?: number;
  pushBatch?: number;
  /** Fallback pull interval while online with no pokes. */
  idlePullMs?: number;
  maxBackoffMs?: number;
  /** Where the snapshot is parsed and written: the browser passes a worker; default in this thread. */
  snapshotLoader?: SnapshotLoader;
}

export const syncOwnerLockName = 'accord-sync-owner';

/**
 * The sync client: one owner per origin (Web Locks) bootstraps, pushes the outbox, pulls the log, and listens
 * for pokes; every window (owner or follower) writes mutations to the outbox and reads status from Dexie.
 * Nothing here keeps state the UI needs in memory: it is all in the `meta` table, read with live queries.
 */
export class SyncEngine {
  readonly db: AccordDb;
  private readonly transport: SyncTransport;
  private readonly clock: () => number;
  private readonly options: SyncEngineOptions;
  private stopped = false;
  private wake: (() => void) | null = null;
  private woken = false;
  private offsetMs = 0;
  private rttMs = 0;
  private ownerPromise: Promise<void> | null = null;
  private subscriptions: Subscription[] = [];
  private closeLive: (() => void) | null = null;
  private status: SyncStatus = { ...initialStatus };
  /** Highest outbox id the server acknowledged in this session; it stays in the outbox until a pull confirms it. */
  private acknowledgedThrough = 0;
  private identity: SyncIdentity | null = null;
  isOwner = false;

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.db = options.db;
    this.transport = options.transport;
    this.clock = options.clock ?? Date.now;
  }

  /** Best estimate of the server's clock: countdowns and optimistic timestamps use it. */
  serverNow(): number {
    return Math.round(this.clock() + this.offsetMs);
  }

  get online(): boolean {
    // navigator.onLine false is certain (no network), even before a request has failed.
    return this.status.online && globalThis.navigator?.onLine !== false;
  }

  /** Prepares the cache for the agent and starts competing for sync ownership. */
  async start(): Promise<void> {
    this.identity = await ensureIdentity(this.db, this.options.agent, this.options.newClientId ?? (() => crypto.randomUUID()));
    const clock = await readMeta<ServerClock>(this.db, metaKeys.clock);
    if (clock) this.offsetMs = clock.offsetMs;
    // Followers keep the clock offset the owner measured.
    this.subscriptions.push(
      liveQuery(() => readMeta<ServerClock>(this.db, metaKeys.clock)).subscribe({
        next: (value) => {
          if (value && !this.isOwner) this.offsetMs = value.offsetMs;
        },
        error: () => {},
      }),
    );
    // Followers learn online/offline from the owner (it marks changes made offline as such).
    this.subscriptions.push(
      liveQuery(() => readMeta<SyncStatus>(this.db, metaKeys.status)).subscribe({
        next: (value) => {
          if (value && !this.isOwner) this.status = value;
        },
        error: () => {},
      }),
    );
    if (this.options.autoRun === false) return;
    const locks = this.options.locks === undefined ? (globalThis.navigator?.locks ?? null) : this.options.locks;
    this.ownerPromise = locks
      ? locks
          .request(syncOwnerLockName, async () => {
            if (!this.stopped) await this.runAsOwner();
          })
          .then(() => {})
      : this.runAsOwner();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.trigger();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    this.closeLive?.();
    await this.ownerPromise?.catch(() => {});
  }

  /** Something to sync (a poke, a new outbox entry, the network came back): run the loop now. */
  trigger(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Fetches and caches what the bootstrap left out of a ticket (its old thread, its SLA history). */
  async loadTicketDetail(ticketId: string): Promise<void> {
    if (!this.transport.ticketDetail) throw new Error('this connection cannot load ticket details');
    const detail = await this.transport.ticketDetail(ticketId);
    await storeTicketDetail(this.db, detail, this.serverNow());
  }

  /** Runs one full round (bootstrap if needed, push, pull) — for tests and benches; the owner loop does this too. */
  async syncOnce(): Promise<void> {
    await this.round();
  }

  private async runAsOwner(): Promise<void> {
    this.isOwner = true;
    // Any window's mutation lands in the outbox; the owner hears it through a live query (cross-tab in Dexie).
    this.subscriptions.push(
      liveQuery(() => this.db.outbox.where('status').equals('pending').count()).subscribe({
        next: (count) => {
          if (count > 0) this.trigger();
        },
        error: () => {},
      }),
    );
    const onOnline = () => this.trigger();
    globalThis.addEventListener?.('online', onOnline);
    this.connectLive();
    let backoffMs = 0;
    try {
      while (!this.stopped) {
        this.woken = false;
        try {
          await this.round();
          backoffMs = 0;
        } catch (error) {
          if (error instanceof SyncHttpError && error.code === syncErrorCodes.cursorExpired) {
            await this.db.meta.delete(metaKeys.cursor);
            continue;
          }
          // The snapshot being loaded was replaced on the server: load the newer one at once.
          if (error instanceof SyncHttpError && error.code === syncErrorCodes.snapshotGone) continue;
          backoffMs = Math.min(Math.max(backoffMs * 2, 500), this.options.maxBackoffMs ?? 30_000);
          await this.setStatus({
            online: !(error instanceof SyncNetworkError),
            syncing: false,
            lastError: error instanceof Error ? error.message : String(error),
          });
        }
        if (this.stopped) break;
        if (!this.woken) await this.sleep(backoffMs || (this.options.idlePullMs ?? 30_000));
      }
    } finally {
      globalThis.removeEventListener?.('online', onOnline);
      this.isOwner = false;
    }
  }

  private connectLive(): void {
    if (this.stopped) return;
    let retryMs = 500;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    const open = () => {
      retryTimer = null;
      if (this.stopped) return;
      this.closeLive = this.transport.live(
        (poke) => {
          retryMs = 500;
          this.onPoke(poke);
        },
        () => {
          if (this.stopped) return;
          retryTimer = setTimeout(open, retryMs);
          retryMs = Math.min(retryMs * 2, 15_000);
        },
      );
    };
    // After a long outage the back-off may be at 15 s: when the OS says the network is back, reconnect now.
    const onOnline = () => {
      if (retryTimer === null) return;
      clearTimeout(retryTimer);
      retryMs = 500;
      open();
    };
    globalThis.addEventListener?.('online', onOnline);
    this.subscriptions.push({ closed: false, unsubscribe: () => globalThis.removeEventListener?.('online', onOnline) });
    open();
  }

  private onPoke(poke: Poke): void {
    // A poke has no round trip of its own: correct by half the last measured one.
    this.offsetMs = poke.serverNow + this.rttMs / 2 - this.clock();
    this.trigger();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async round(): Promise<void> {
    await this.setStatus({ syncing: true });
    if ((await readMeta<number>(this.db, metaKeys.cursor)) === undefined) await this.bootstrap();
    await this.pushAll();
    await this.pullAll();
    await this.setStatus({ online: true, syncing: false, lastSyncedAt: this.serverNow(), lastError: null });
  }

  private async setStatus(patch: Partial<SyncStatus>): Promise<void> {
    const next = { ...this.status, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    await this.db.meta.put({ key: metaKeys.status, value: next });
  }

  private async pushAll(): Promise<void> {
    const identity = this.identity!;
    for (;;) {
      const batch = await this.db.outbox
        .where('id')
        .above(this.acknowledgedThrough)
        .and((entry) => entry.status === 'pending')
        .limit(this.options.pushBatch ?? 100)
        .toArray();
      if (batch.length === 0) return;
      const consecutive = takeConsecutive(batch);
      let response;
      try {
        response = await this.transport.push({
          clientId: identity.clientId,
          mutations: consecutive.map((entry) => ({
            id: entry.id,
            name: entry.name,
            args: entry.args,
            clientTime: entry.clientTime,
            ...(entry.offline ? { offline: true } : {}),
          })),
        });
      } catch (error) {
        if (error instanceof SyncHttpError && error.code === syncErrorCodes.mutationGap) {
          await this.renumberAfter(Number((error.details as { lastMutationId?: number } | undefined)?.lastMutationId ?? 0));
          continue;
        }
        throw error;
      }
      this.acknowledgedThrough = Math.max(this.acknowledgedThrough, response.lastMutationId);
      const rejected = response.results.filter((result) => result.status === 'rejected');
      if (rejected.length > 0) {
        await this.db.transaction('rw', replayTables(this.db), async () => {
          for (const result of rejected) {
            if (result.status !== 'rejected') continue;
            await this.db.outbox.update(result.id, { status: 'rejected', rejectCode: result.code, rejectReason: result.reason });
          }
          await applyPendingMutations(this.db);
        });
      }
    }
  }

  /**
   * The server has never seen ids after `lastMutationId` (its database was restored, or outbox ids were
   * consumed by mutations it lost): move the outbox so that it continues right after.
   */
  private async renumberAfter(lastMutationId: number): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, this.db.meta, async () => {
      const entries = await this.db.outbox.orderBy('id').toArray();
      await this.db.outbox.clear();
      let next = lastMutationId + 1;
      const moved: OutboxEntry[] = [];
      for (const entry of entries) {
        if (entry.status === 'pending') moved.push({ ...entry, id: next++ });
      }
      // Rejected ones keep their place for display only; they are never pushed again.
      const rejected = entries.filter((entry) => entry.status === 'rejected').map((entry) => ({ ...entry, id: next++ }));
      await this.db.outbox.bulkAdd([...moved, ...rejected]);
      await this.db.meta.put({ key: metaKeys.nextMutationId, value: next });
    });
    this.acknowledgedThrough = lastMutationId;
  }

  private async pullAll(): Promise<void> {
    const identity = this.identity!;
    for (;;) {
      const cursor = (await readMeta<number>(this.db, metaKeys.cursor)) ?? 0;
      const sentAt = this.clock();
      const page = await this.transport.pull(cursor, this.options.pullLimit ?? 1000, identity.clientId);
      const receivedAt = this.clock();
      this.rttMs = receivedAt - sentAt;
      this.offsetMs = page.serverNow + this.rttMs / 2 - receivedAt;
      const clock: ServerClock = { offsetMs: this.offsetMs, rttMs: this.rttMs, at: receivedAt };
      if (page.changes.length === 0 && !(await this.confirmsPending(page))) {
        // Nothing to apply or confirm: leave the base tables unlocked (a warm start reads them meanwhile).
        await this.db.transaction('rw', this.db.meta, async () => {
          await this.db.meta.put({ key: metaKeys.cursor, value: page.cursor });
          await this.db.meta.put({ key: metaKeys.clock, value: clock });
        });
        if (!page.hasMore) return;
        continue;
      }
      await this.db.transaction('rw', replayTables(this.db), async () => {
        await applyChanges(this.db, page.changes);
        await this.db.meta.put({ key: metaKeys.cursor, value: page.cursor });
        await this.db.meta.put({ key: metaKeys.clock, value: clock });
        if (!page.hasMore) {
          // Confirmed: the server applied them and their changes are now in the base rows.
          await this.db.outbox
            .where('id')
            .belowOrEqual(page.lastMutationId)
            .and((entry) => entry.status === 'pending')
            .delete();
          await applyPendingMutations(this.db);
        }
      });
      if (!page.hasMore) return;
    }
  }

  /** The last page of a pull confirms outbox entries the server has applied (they must leave the outbox). */
  private async confirmsPending(page: { hasMore: boolean; lastMutationId: number }): Promise<boolean> {
    if (page.hasMore) return false;
    const confirmed = await this.db.outbox
      .where('id')
      .belowOrEqual(page.lastMutationId)
      .and((entry) => entry.status === 'pending')
      .count();
    return confirmed > 0;
  }

  /**
   * Loads the NDJSON snapshot (loadSnapshot: rows written page by page while the next pages stream in, progress
   * in meta, in a worker where there is one), then makes it current in one strict transaction: the cursor to
   * pull from, "done", and the outbox replayed on top. A re-bootstrap (410) keeps the outbox throughout.
   */
  private async bootstrap(): Promise<void> {
    const db = this.db;
    const load = this.options.snapshotLoader ?? loadSnapshotInThread;
    const startedAt = Date.now();
    const { seq, progress } = await load(db, this.transport);
    await db.transaction('rw', replayTables(db), async () => {
      await db.meta.put({ key: metaKeys.cursor, value: seq });
      await applyPendingMutations(db);
      const done: BootstrapProgress = { ...progress, state: 'done', startedAt, finishedAt: Date.now() };
      await db.meta.put({ key: metaKeys.bootstrap, value: done });
    });
  }
}

/** The longest run of consecutive ids from the start (the server refuses gaps). */
function takeConsecutive(entries: OutboxEntry[]): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (const entry of entries) {
    if (out.length > 0 && entry.id !== out[out.length - 1]!.id + 1) break;
    out.push(entry);
  }
  return out;
}

/** Writes a page of changes to the base tables; within a page the last change of a row wins (whole rows). */
export async function applyChanges(db: AccordDb, changes: readonly Change[]): Promise<void> {
  const latest = new Map<string, Change>();
  for (const change of changes) latest.set(`${change.entity}:${change.id}`, change);
  const puts = new Map<SyncEntity, Array<Record<string, unknown>>>();
  const deletes = new Map<SyncEntity, string[]>();
  for (const change of latest.values()) {
    if (change.op === 'put' && change.row) {
      let rows = puts.get(change.entity);
      if (!rows) puts.set(change.entity, (rows = []));
      rows.push(change.row);
    } else {
      let ids = deletes.get(change.entity);
      if (!ids) deletes.set(change.entity, (ids = []));
      ids.push(change.id);
    }
  }
  for (const [entity, rows] of puts) {
    if (isGrouped(entity)) await mergeIntoGroups(db, entity, rows);
    else await db.table(syncEntities[entity]).bulkPut(rows);
  }
  for (const [entity, ids] of deletes) {
    if (isGrouped(entity)) await removeFromGroups(db, entity, ids);
    else if (isSegmented(syncEntities[entity])) await deleteStoredRows(db, syncEntities[entity] as SegmentedTable, ids);
    else await db.table(syncEntities[entity]).bulkDelete(ids);
  }
}

/**
 * Binds the cache to the signed-in agent. The client id is per cache and agent (the server refuses a client id
 * of another agent); a cache that belonged to someone else is emptied, outbox included.
 */
export async function ensureIdentity(
  db: AccordDb,
  agent: { id: string; role: Role },
  newClientId: () => string,
): Promise<SyncIdentity> {
  // The usual case, this agent's cache as it was: answered by a read, without locking every table for writing.
  const known = await readMeta<SyncIdentity>(db, metaKeys.identity);
  if (known && known.agentId === agent.id && known.role === agent.role) return known;
  // Every table: a cache of another agent is cleared whole (lazily loaded details included).
  return db.transaction('rw', db.tables, async () => {
    const current = await readMeta<SyncIdentity>(db, metaKeys.identity);
    if (current && current.agentId === agent.id) {
      const identity = { ...current, role: agent.role };
      if (current.role !== agent.role) await db.meta.put({ key: metaKeys.identity, value: identity });
      return identity;
    }
    if (current) {
      await Promise.all(db.tables.map((table) => table.clear()));
    }
    const identity: SyncIdentity = { clientId: newClientId(), agentId: agent.id, role: agent.role };
    await db.meta.put({ key: metaKeys.identity, value: identity });
    await db.meta.put({ key: metaKeys.nextMutationId, value: 1 });
    return identity;
  });
}

