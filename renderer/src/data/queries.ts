import { queryOptions, type QueryClient } from '@tanstack/react-query';
import Dexie, { type ObservabilitySet } from 'dexie';
import type { Account, Agent, EscalationPacket, Message, Ticket, TicketStatus } from '../../../shared/domain';
import type { AccordDb } from './db';
import { viewRow, viewRows } from './readModel';
import { allStoredRows, changedSegmentTables, segmentSpecs, whereStoredRows, type SegmentedTable } from './segments';
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

/**
 * Refetches cache queries when their tables change — in this window or another (Dexie broadcasts commits across
 * tabs). An overlay change (a pending mutation) can touch any entity, so it refreshes every cache query.
 * Returns the unsubscribe function.
 */
export function bindCacheInvalidation(queryClient: QueryClient, db: AccordDb): () => void {
  const prefix = `idb://${db.name}/`;
  let tables = new Set<string>();
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    scheduled = null;
    const changed = tables;
    tables = new Set();
    if (changed.has('overlay')) {
      void queryClient.invalidateQueries({ queryKey: cacheKeys.all });
      return;
    }
    for (const table of changed) void queryClient.invalidateQueries({ queryKey: cacheKeys.table(table) });
  };
  const listener = (parts: Record<string, unknown>) => {
    for (const key of Object.keys(parts)) {
      if (!key.startsWith(prefix)) continue;
      const table = key.slice(prefix.length).split('/')[0];
      // A segment may hold rows of any segmented table (its summary is written with it).
      if (table === 'segments') {
        const changed = changedSegmentTables(parts as ObservabilitySet, db.name);
        for (const segmented of changed === 'all' ? (Object.keys(segmentSpecs) as SegmentedTable[]) : changed) tables.add(segmented);
      } else if (table && table !== 'meta' && table !== 'outbox' && table !== 'segmentSummaries') tables.add(table);
    }
    // Coalesce a pull's burst of writes into one refetch per query.
    if (tables.size > 0) scheduled ??= setTimeout(flush, 16);
  };
  Dexie.on('storagemutated', listener);
  return () => {
    Dexie.on('storagemutated').unsubscribe(listener);
    if (scheduled) clearTimeout(scheduled);
  };
}
