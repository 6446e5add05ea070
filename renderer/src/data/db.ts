import Dexie, { type EntityTable, type Table } from 'dexie';
import type { SyncEntity } from '../../../shared/sync/entities';
import type { SegmentRecord, SegmentSummary } from './segments';
import { wholeGroups } from './ticketGroups';
import type {
  Account,
  Agent,
  BusinessCalendar,
  Contact,
  EscalationPacket,
  Incident,
  KnowledgeArticle,
  Macro,
  Message,
  SlaEvent,
  SlaPolicy,
  Team,
  Ticket,
} from '../../../shared/domain';

/** A mutation made on this client and not yet confirmed by the server. */
export interface OutboxEntry {
  /** Consecutive per client, starting at 1; the server applies each exactly once. */
  id: number;
  name: string;
  args: unknown;
  /** The client's estimate of server time when the agent made the change (also the optimistic `now`). */
  clientTime: number;
  /** Made while offline: shown as provisional until the server stamps it. */
  offline?: boolean;
  status: 'pending' | 'rejected';
  rejectReason?: string;
  rejectCode?: string;
}

/**
 * A row as the UI sees it while pending mutations touch it: the base row with the outbox replayed on top.
 * `row: null` hides the base row (deleted optimistically). Rebuilt after every pull.
 */
export interface OverlayEntry {
  entity: SyncEntity;
  id: string;
  row: Record<string, unknown> | null;
  /** The outbox ids that touched the row (the UI marks such rows as provisional). */
  mutationIds: number[];
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** A ticket's messages in time order: one record per ticket (see ticketGroups.ts). */
export interface ThreadRow {
  ticketId: string;
  messages: Message[];
}

/** A ticket's SLA events in time order: one record per ticket (see ticketGroups.ts). */
export interface SlaHistoryRow {
  ticketId: string;
  events: SlaEvent[];
}

/** A ticket whose whole thread and SLA history were fetched after the bootstrap left them out (lazy detail). */
export interface TicketDetailEntry {
  ticketId: string;
  loadedAt: number;
}

export interface AccordDbOptions {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /**
   * 'strict' (default) for everything the agent makes; the bootstrap writes base rows through a 'relaxed' twin,
   * because a snapshot lost to a crash is simply loaded again (its cursor is written only at the end).
   */
  durability?: 'strict' | 'relaxed';
  /**
   * A connection whose writes Dexie does not announce to live queries (in this thread, other windows and
   * workers). The snapshot loader's: it announces its writes itself, in fewer and coarser steps
   * (snapshotAnnouncer.ts).
   */
  quiet?: boolean;
}

/**
 * The local cache. Base tables hold server-confirmed rows only; what the UI shows is these rows with the
 * pending outbox replayed on top. The whole schema history lives here: add a new version, never edit one.
 */
export class AccordDb extends Dexie {
  accounts!: EntityTable<Account, 'id'>;
  contacts!: EntityTable<Contact, 'id'>;
  agents!: EntityTable<Agent, 'id'>;
  teams!: EntityTable<Team, 'id'>;
  tickets!: EntityTable<Ticket, 'id'>;
  threads!: EntityTable<ThreadRow, 'ticketId'>;
  escalations!: EntityTable<EscalationPacket, 'id'>;
  incidents!: EntityTable<Incident, 'id'>;
  knowledge_articles!: EntityTable<KnowledgeArticle, 'id'>;
  macros!: EntityTable<Macro, 'id'>;
  sla_policies!: EntityTable<SlaPolicy, 'id'>;
  business_calendars!: EntityTable<BusinessCalendar & { id: string }, 'id'>;
  slaHistories!: EntityTable<SlaHistoryRow, 'ticketId'>;
  outbox!: EntityTable<OutboxEntry, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  overlay!: Table<OverlayEntry, [SyncEntity, string]>;
  ticketDetails!: EntityTable<TicketDetailEntry, 'ticketId'>;
  segments!: EntityTable<SegmentRecord, 'key'>;
  segmentSummaries!: EntityTable<SegmentSummary, 'key'>;
  private readonly openOptions: AccordDbOptions;

  /**
   * Strict durability: a mutation the agent made must survive a crash or power loss once `mutate` resolves
   * (Chromium otherwise reports commits before they reach the disk). Options pass through for tests
   * (fake-indexeddb in Node stands in for the browser's IndexedDB).
   */
  constructor(name = 'accord', options: AccordDbOptions = {}) {
    const { durability = 'strict', quiet = false, ...factories } = options;
    super(name, { chromeTransactionDurability: durability, ...factories });
    this.openOptions = options;
    if (quiet) this.unuse({ stack: 'dbcore', name: 'Observability' });
    this.version(1).stores({
      accounts: 'id, name, plan, renewalDate, ownerId, healthBand',
      contacts: 'id, accountId, email',
      agents: 'id, email, teamId',
      teams: 'id',
      tickets: 'id, number, accountId, status, ownerId, tier, severity, teamId, updatedAt, *tags',
      messages: 'id, [ticketId+createdAt]',
      escalations: 'id, ticketId, status',
      incidents: 'id, status',
      knowledge_articles: 'id',
      macros: 'id',
      sla_policies: 'id, position',
      business_calendars: 'id',
      sla_events: 'id, [ticketId+at]',
      outbox: 'id, status',
      meta: 'key',
    });
    // v2: the optimistic overlay (pending mutations replayed over the base rows).
    this.version(2).stores({
      overlay: '[entity+id], entity',
    });
    // v3: tickets whose lazily loaded detail (old closed threads, SLA history of solved tickets) is cached.
    this.version(3).stores({
      ticketDetails: 'ticketId',
    });
    // v4: only the indexes something reads by. Every index is one more IndexedDB record per row written, and the
    // bootstrap writes ~100,000 tickets; the queue filters and sorts in memory (ticketIndex), never through these.
    this.version(4).stores({
      accounts: 'id',
      contacts: 'id, accountId',
      agents: 'id',
      tickets: 'id, accountId, status, ownerId',
      escalations: 'id, ticketId',
      incidents: 'id',
      sla_policies: 'id',
    });
    // v5: messages and SLA events one record per ticket (a thread, an SLA history): read a ticket at a time, and
    // IndexedDB pays per record. The rows a cache already holds move over, so an offline agent keeps them.
    this.version(5)
      .stores({ threads: 'ticketId', slaHistories: 'ticketId' })
      .upgrade(async (tx) => {
        const moves = [
          ['messages', 'threads', 'message'],
          ['sla_events', 'slaHistories', 'sla_event'],
        ] as const;
        for (const [from, to, entity] of moves) {
          const rows = (await tx.table(from).toArray()) as Array<Record<string, unknown>>;
          await tx.table(to).bulkPut(wholeGroups(entity, rows));
        }
      });
    // v6: the per-row tables v5 emptied into the per-ticket ones.
    this.version(6).stores({ messages: null, sla_events: null });
    // v7: the snapshot's bulky tables packed into segments (see segments.ts); rows a cache already holds stay
    // where they are and keep being read first, so nothing moves.
    this.version(7).stores({ segments: 'key', segmentSummaries: 'key' });
    // Another window opened a newer schema: close at once so its upgrade never hangs on us, and ask for a reload.
    this.on('versionchange', () => {
      this.close();
      schemaUpgradedElsewhere.notify();
      return false;
    });
  }

  /**
   * A second connection to the same cache for loading a snapshot: relaxed durability (its bulk writes) and quiet
   * (loadSnapshot announces what it wrote); close it after use.
   */
  snapshotWriter(): AccordDb {
    return new AccordDb(this.name, { ...this.openOptions, durability: 'relaxed', quiet: true });
  }
}

/** Fires when another window upgraded the cache schema; this window's connection is closed and must reload. */
export const schemaUpgradedElsewhere = (() => {
  const listeners = new Set<() => void>();
  let happened = false;
  return {
    get happened(): boolean {
      return happened;
    },
    notify(): void {
      happened = true;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
})();
