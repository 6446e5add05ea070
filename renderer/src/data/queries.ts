import { queryOptions, type QueryClient } from '@tanstack/react-query';
import Dexie, { type ObservabilitySet } from 'dexie';
import type { Account, Agent, EscalationPacket, Message, Ticket, TicketStatus } from '../../../shared/domain';
import type { AccordDb } from './db';
import { viewRow, viewRows } from './readModel';
import { allStoredRows, changedSegmentTables, segmentSpecs, whereStoredRows, type SegmentedTable } from './segments';
import { mutatedKeys } from './mutatedKeys';
import { readThread } from './ticketGroups';

/**
 * react-query reads over the local cache (base rows + pending mutations). They never touch the network, so
 * `networkMode: 'always'` (run offline too) and `staleTime: Infinity`: `bindCacheInvalidation` refetches exactly
 * the queries whose tables changed, in this window or another.
 */
export const cacheKeys = {
  all: ['cache'] as const,
  table: (table: string) => ['cache', table] as const,
  ticket: (id: string) => ['cache', 'tickets', 'one', id] as const,
  tickets: (filter: TicketFilter) => ['cache', 'tickets', 'list', filter] as const,
  messages: (ticketId: string) => ['cache', 'threads', ticketId] as const,
  account: (id: string) => ['cache', 'accounts', 'one', id] as const,
  agents: () => ['cache', 'agents'] as const,
  escalations: (ticketId: string) => ['cache', 'escalations', ticketId] as const,
};

const cacheRead = { networkMode: 'always', staleTime: Infinity, gcTime: 5 * 60_000 } as const;

export interface TicketFilter {
  status?: TicketStatus[];
  ownerId?: string | null;
  accountId?: string;
}

export function ticketQueryOptions(db: AccordDb, id: string) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.ticket(id),
    queryFn: async (): Promise<Ticket | null> => (await viewRow(db, 'ticket', id)) ?? null,
  });
}

export function ticketMatches(filter: TicketFilter): (ticket: Ticket) => boolean {
  return (ticket) =>
    (filter.status === undefined || filter.status.includes(ticket.status)) &&
    (filter.ownerId === undefined || ticket.ownerId === filter.ownerId) &&
    (filter.accountId === undefined || ticket.accountId === filter.accountId);
}

/** Tickets by owner, account and/or status; the narrowest index does the work, the predicate the rest. */
export function ticketListQueryOptions(db: AccordDb, filter: TicketFilter) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.tickets(filter),
    queryFn: async (): Promise<Ticket[]> => {
      const matches = ticketMatches(filter);
      const base =
        filter.accountId !== undefined
          ? await whereStoredRows<Ticket>(db, 'tickets', 'accountId', [filter.accountId])
          : filter.ownerId !== undefined && filter.ownerId !== null
            ? await whereStoredRows<Ticket>(db, 'tickets', 'ownerId', [filter.ownerId])
            : filter.status !== undefined
              ? await whereStoredRows<Ticket>(db, 'tickets', 'status', filter.status)
              : await allStoredRows<Ticket>(db, 'tickets');
      return viewRows(db, 'ticket', base.filter(matches), matches);
    },
  });
}

/** A ticket's thread in time order. */
export function ticketMessagesQueryOptions(db: AccordDb, ticketId: string) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.messages(ticketId),
    queryFn: async (): Promise<Message[]> => {
      const base = await readThread(db, ticketId);
      const rows = await viewRows(db, 'message', base, (message) => message.ticketId === ticketId);
      return rows.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },
  });
}

export function accountQueryOptions(db: AccordDb, id: string) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.account(id),
    queryFn: async (): Promise<Account | null> => (await viewRow(db, 'account', id)) ?? null,
  });
}

export function agentsQueryOptions(db: AccordDb) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.agents(),
    queryFn: async (): Promise<Agent[]> => viewRows(db, 'agent', await db.agents.toArray()),
  });
}

export function ticketEscalationsQueryOptions(db: AccordDb, ticketId: string) {
  return queryOptions({
    ...cacheRead,
    queryKey: cacheKeys.escalations(ticketId),
    queryFn: async (): Promise<EscalationPacket[]> =>
      viewRows(db, 'escalation', await whereStoredRows<EscalationPacket>(db, 'escalations', 'ticketId', [ticketId]), (p) => p.ticketId === ticketId),
  });
}

/** What changed since the last refetch, per table: the primary keys written, or 'all'. */
export type CacheChanges = Map<string, Set<string> | 'all'>;

/**
 * Whether a cache query must be read again after `changes`. A query of one row (a ticket, an account) or of one
 * ticket's thread is stale only when its key was written; a list is stale when its table changed at all.
 */
export function isStaleCacheQuery(queryKey: readonly unknown[], changes: CacheChanges): boolean {
  if (queryKey[0] !== 'cache') return false;
  if (changes.has('overlay')) return true;
  const changed = changes.get(String(queryKey[1]));
  if (changed === undefined) return false;
  if (changed === 'all') return true;
  if (queryKey[2] === 'one') return changed.has(String(queryKey[3]));
  if (queryKey[1] === 'threads') return changed.has(String(queryKey[2]));
  return true;
}

/**
 * Refetches cache queries when their rows change — in this window or another (Dexie broadcasts commits across
 * tabs, naming the keys written). An agent typing a reply while sync brings other tickets' changes sees no
 * refetch of the ticket in front of them. An overlay change (a pending mutation) can touch any entity, so it
 * refreshes every cache query. Returns the unsubscribe function.
 */
export function bindCacheInvalidation(queryClient: QueryClient, db: AccordDb): () => void {
  const prefix = `idb://${db.name}/`;
  let changes: CacheChanges = new Map();
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    scheduled = null;
    const batch = changes;
    changes = new Map();
    void queryClient.invalidateQueries({ queryKey: cacheKeys.all, predicate: (query) => isStaleCacheQuery(query.queryKey, batch) });
  };
  const note = (table: string, keys: string[] | null) => {
    const current = changes.get(table);
    if (current === 'all') return;
    if (keys === null) {
      changes.set(table, 'all');
      return;
    }
    const set = current ?? new Set<string>();
    for (const key of keys) set.add(key);
    changes.set(table, set);
  };
  const listener = (parts: ObservabilitySet) => {
    for (const [part, tree] of Object.entries(parts)) {
      if (!part.startsWith(prefix)) continue;
      const [table = '', index = ''] = part.slice(prefix.length).split('/');
      if (table === 'meta' || table === 'outbox' || table === 'segmentSummaries') continue;
      // Only the primary-key parts name rows; index parts repeat the same write by other keys.
      if (index !== '' && index !== ':dels') continue;
      if (table === 'segments') {
        // A segment may hold rows of any segmented table: those tables changed as a whole (a snapshot).
        const segmented = changedSegmentTables(parts, db.name);
        for (const t of segmented === 'all' ? (Object.keys(segmentSpecs) as SegmentedTable[]) : segmented) note(t, null);
      } else note(table, mutatedKeys(tree));
    }
    // Coalesce a pull's burst of writes into one refetch per query.
    if (changes.size > 0) scheduled ??= setTimeout(flush, 16);
  };
  Dexie.on('storagemutated', listener);
  return () => {
    Dexie.on('storagemutated').unsubscribe(listener);
    if (scheduled) clearTimeout(scheduled);
  };
}
