import Dexie, { type ObservabilitySet } from 'dexie';
import { useSyncExternalStore } from 'react';
import { isTicketUnsolved, ticketStatuses, type Account, type BusinessCalendar, type SlaPolicy, type Ticket } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';
import {
  allStoredRows,
  bulkGetStoredRows,
  changedSegmentTables,
  mutatedKeys,
  segmentsTouch as touches,
  segmentTables,
  hasStoredRowWith,
  prewarmSegmentDirectories,
  scanStoredRows,
  watchBootstrapActivity,
  whereStoredRows,
} from '../../data';
import { serverNow } from '../../ui/clock';
import { ticketSlaSnapshot, type SlaContext } from '../sla/slaSnapshot';
import { shareClocklessSla } from './shareClocklessSla';
import { TicketIndex } from './ticketIndex';

/**
 * Keeps the queue's in-memory index in step with the cache: one bulk read at start, then only the tickets
 * Dexie reports as mutated (its `storagemutated` event names the changed primary keys, also for writes
 * made by the sync engine in another context) are re-read and patched in.
 *
 * Except while a snapshot is being written (the bootstrap, 4,000 rows per write, each of which Dexie reports as
 * "the whole table changed"): re-reading every ticket after each chunk and recomputing every SLA after each
 * accounts chunk kept the main thread busy for many seconds and interleaved reads with the writer's
 * transactions. Then only the tickets the snapshot streams first (the unsolved ones, which the default views
 * show) are read, through the status index, until solved or closed ones appear; the rest is read once when the
 * bootstrap is over (done or broken off).
 */
type Status = 'idle' | 'loading' | 'ready' | 'error';

interface Snapshot {
  status: Status;
  version: number;
  error: string | null;
}

const slaCtx: SlaContext = { policies: [], calendars: new Map() };
let accountPolicy = new Map<string, string | null>();

const snapshotOf = (t: Ticket) => shareClocklessSla(ticketSlaSnapshot(t, accountPolicy.get(t.accountId), slaCtx, serverNow()));
export const ticketIndex = new TicketIndex(snapshotOf);

let snapshot: Snapshot = { status: 'idle', version: 0, error: null };
const listeners = new Set<() => void>();
function publish(patch: Partial<Snapshot>): void {
  snapshot = { ...snapshot, ...patch, version: ticketIndex.version };
  for (const l of listeners) l();
}

interface ReferenceData {
  policies: SlaPolicy[];
  calendars: BusinessCalendar[];
  accounts: Account[];
}

async function readReferenceData(): Promise<ReferenceData> {
  const [policies, calendars, accounts] = await Promise.all([
    cacheDb.sla_policies.toArray() as Promise<SlaPolicy[]>,
    cacheDb.business_calendars.toArray() as Promise<BusinessCalendar[]>,
    allStoredRows<Account>(cacheDb, 'accounts'),
  ]);
  return { policies, calendars, accounts };
}

function adoptReferenceData({ policies, calendars, accounts }: ReferenceData): void {
  slaCtx.policies = policies.sort((a, b) => a.position - b.position);
  slaCtx.calendars = new Map(calendars.map((c) => [c.id, c]));
  accountPolicy = new Map(accounts.map((a) => [a.id, a.slaPolicyId]));
}

async function loadReferenceData(): Promise<void> {
  adoptReferenceData(await readReferenceData());
}

/** Ticket ids whose view row currently comes from the optimistic overlay (pending mutations). */
let overlayIds = new Set<string>();

/** Re-reads the overlay's ticket rows: pending changes show at once, confirmed or dropped ones fall back to base. */
async function refreshOverlay(): Promise<void> {
  const entries = await cacheDb.overlay.where('entity').equals('ticket').toArray();
  const current = new Map(entries.map((e) => [e.id, e.row as Ticket | null]));
  const dropped = [...overlayIds].filter((id) => !current.has(id));
  overlayIds = new Set(current.keys());
  const upserts: Ticket[] = [];
  const removes: string[] = [];
  for (const [id, row] of current) {
    if (row) upserts.push(row);
    else removes.push(id);
  }
  if (dropped.length > 0) {
    const base = await bulkGetStoredRows<Ticket>(cacheDb, 'tickets', dropped);
    base.forEach((row, i) => (row ? upserts.push(row) : removes.push(dropped[i]!)));
  }
  ticketIndex.upsert(upserts);
  ticketIndex.remove(removes);
}

const unsolvedStatuses = ticketStatuses.filter(isTicketUnsolved);
const doneStatuses = ticketStatuses.filter((status) => !isTicketUnsolved(status));

/** The unsolved tickets: the snapshot's first segments (it sends them first) and the rows written since. */
async function readUnsolved(): Promise<Ticket[]> {
  return whereStoredRows<Ticket>(cacheDb, 'tickets', 'status', unsolvedStatuses);
}

/** Tickets per read of the full load: each read (and its structured-clone decoding) is one short task. */
const loadPageSize = 1000;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Every ticket in the cache, read page by page in primary-key order and indexed on the side: one read of all
 * 100,000 tickets (and indexing them) was a single task of over a second, during which no view switch or
 * keystroke could be served. The views keep answering from the index they have until the new one is complete.
 */
async function readAllTickets(): Promise<TicketIndex> {
  const built = new TicketIndex(snapshotOf);
  await scanStoredRows<Ticket>(
    cacheDb,
    'tickets',
    async (page) => {
      built.upsert(page);
      await nextTask();
    },
    loadPageSize,
  );
  return built;
}

/** A full load is reading: changes reported meanwhile wait for it (its pages may have been read before them). */
let fullLoadRunning = false;

async function loadAll(): Promise<void> {
  publish({ status: snapshot.status === 'ready' ? 'ready' : 'loading' });
  fullLoadRunning = true;
  try {
    // Warm start: the unsolved tickets first, a small read through the status index (alongside the reference
    // data), so the default views are usable at once; the full read (100,000 tickets take over a second) follows
    // and replaces them. One exact-key read per status: noneOf/anyOf would walk a cursor over far more keys.
    const firstLoad = ticketIndex.size === 0;
    const [, unsolved] = await Promise.all([loadReferenceData(), firstLoad ? readUnsolved() : []]);
    if (unsolved.length > 0) {
      ticketIndex.replaceAll(unsolved);
      await refreshOverlay();
      publish({ status: 'ready', error: null });
      // Let that first screen paint before the long read below keeps the main thread busy.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    ticketIndex.adopt(await readAllTickets());
    overlayIds = new Set();
    await refreshOverlay();
    publish({ status: 'ready', error: null });
    // The first ticket opened then finds its segments at once (data/segments.ts).
    setTimeout(() => void prewarmSegmentDirectories(cacheDb).catch(() => {}), 0);
  } catch (e) {
    publish({ status: 'error', error: e instanceof Error ? e.message : String(e) });
  } finally {
    fullLoadRunning = false;
    if (pendingFull || pendingOverlay || pendingSnapshot || pendingKeys.size > 0) schedule();
  }
}

let pendingKeys = new Set<string>();
let pendingFull = false;
let pendingOverlay = false;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

/** A snapshot is being written into the cache (see the note at the top). */
let bootstrapping = false;
/** The snapshot has moved on from the unsolved tickets: its further ticket chunks wait for the final read. */
let pastUnsolved = false;
/** Accounts, SLA policies or calendars changed during the bootstrap: re-read before the next tickets are indexed. */
let referenceStale = false;
/** The snapshot wrote tickets since the last read of its unsolved ones. */
let pendingSnapshot = false;

function onBootstrapActivity(active: boolean): void {
  if (active === bootstrapping) return;
  bootstrapping = active;
  pastUnsolved = false;
  referenceStale = false;
  pendingSnapshot = false;
  // Over (done or broken off): one full read brings in everything that was skipped.
  if (!active) {
    pendingFull = true;
    schedule();
  }
}

async function flush(): Promise<void> {
  flushTimer = null;
  if (fullLoadRunning) return;
  if (pendingFull) {
    pendingFull = false;
    pendingKeys = new Set();
    await loadAll();
    return;
  }
  if (pendingOverlay) {
    pendingOverlay = false;
    await refreshOverlay();
  }
  if (pendingSnapshot) {
    pendingSnapshot = false;
    await readSnapshotUnsolved();
  }
  // Rows with pending changes keep showing the overlay until the sync engine rebuilds it.
  const ids = [...pendingKeys].filter((id) => !overlayIds.has(id));
  pendingKeys = new Set();
  if (ids.length === 0) {
    publish({});
    return;
  }
  const rows = await bulkGetStoredRows<Ticket>(cacheDb, 'tickets', ids);
  const present: Ticket[] = [];
  const gone: string[] = [];
  rows.forEach((row, i) => (row ? present.push(row) : gone.push(ids[i]!)));
  ticketIndex.upsert(present);
  ticketIndex.remove(gone);
  publish({});
}

function schedule(): void {
  // Coalesce a burst of writes (a pull applies hundreds of rows) into one index update.
  flushTimer ??= setTimeout(() => void flush(), 60);
}

/**
 * During a bootstrap: reads the unsolved tickets written so far. Solved or closed ones in the cache mean the
 * stream has moved past the unsolved part (it sends them first), so this read is the last before the end.
 */
async function readSnapshotUnsolved(): Promise<void> {
  // Chunks keep coming while a read runs: the ones queued behind the last needed read have nothing to add.
  if (pastUnsolved) return;
  // One read-only transaction for all of it: IndexedDB queues each transaction behind the snapshot's writes in
  // flight (tens of MB each), so separate reads would each wait their turn and the first page would come late.
  const tables = [cacheDb.tickets, cacheDb.accounts, cacheDb.sla_policies, cacheDb.business_calendars, ...segmentTables(cacheDb)];
  const { reference, doneSeen, unsolved } = await cacheDb.transaction('r', tables, async () => {
    const stale = referenceStale;
    referenceStale = false;
    return {
      reference: stale ? await readReferenceData() : null,
      doneSeen: await hasStoredRowWith(cacheDb, 'tickets', 'status', doneStatuses),
      unsolved: await readUnsolved(),
    };
  });
  if (reference) {
    adoptReferenceData(reference);
    ticketIndex.recomputeSla();
  }
  if (doneSeen) pastUnsolved = true;
  ticketIndex.upsert(unsolved.filter((t) => !overlayIds.has(t.id)));
  publish({ status: 'ready', error: null });
}

function onStorageMutated(parts: ObservabilitySet): void {
  const prefix = `idb://${cacheDb.name}/`;
  const segmentsChanged = changedSegmentTables(parts, cacheDb.name);
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const [table, index = ''] = part.slice(prefix.length).split('/');
    if (table === 'tickets' && (index === '' || index === ':dels')) {
      if (bootstrapping) {
        if (!pastUnsolved) {
          pendingSnapshot = true;
          schedule();
        }
        continue;
      }
      const keys = mutatedKeys(tree);
      if (keys === null || keys.length > 5000) pendingFull = true;
      else for (const k of keys) pendingKeys.add(k);
      schedule();
    } else if (table === 'segments' && index === '' && touches(segmentsChanged, 'tickets')) {
      // Segments are written by a snapshot (its ticket part streams first) and, rarely, rewritten by a delete.
      if (bootstrapping) {
        if (!pastUnsolved) {
          pendingSnapshot = true;
          schedule();
        }
        continue;
      }
      pendingFull = true;
      schedule();
    } else if (table === 'overlay') {
      pendingOverlay = true;
      schedule();
    } else if (
      index === '' &&
      (table === 'sla_policies' ||
        table === 'business_calendars' ||
        table === 'accounts' ||
        (table === 'segments' && touches(segmentsChanged, 'accounts')))
    ) {
      if (bootstrapping) {
        referenceStale = true;
        continue;
      }
      void loadReferenceData().then(() => {
        ticketIndex.recomputeSla();
        publish({});
      });
    }
  }
}

let started = false;
let stopBootstrapWatch: (() => void) | null = null;
export function startTicketStore(): void {
  if (started) return;
  started = true;
  Dexie.on('storagemutated', onStorageMutated);
  stopBootstrapWatch = watchBootstrapActivity(cacheDb, onBootstrapActivity);
  void loadAll();
  // No periodic recomputation: due and warn instants are absolute, so time alone never changes them — the
  // shared ticker turns them into running, warning and breached.
}

export function stopTicketStore(): void {
  if (!started) return;
  started = false;
  Dexie.on('storagemutated').unsubscribe(onStorageMutated);
  stopBootstrapWatch?.();
  stopBootstrapWatch = null;
  bootstrapping = false;
  ticketIndex.replaceAll([]);
  publish({ status: 'idle' });
}

export function useTicketStore(): Snapshot {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}
