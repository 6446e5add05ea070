import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { readSlaHistory, ticketMessagesQueryOptions, ticketQueryOptions, usePendingMutationIds, whereStoredRows } from '../../data';
import type { Agent, BusinessCalendar, KnowledgeArticle, Macro, Message, SlaEvent, SlaPolicy, Team, Ticket } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';

const emptyAgents: ReadonlyMap<string, Agent> = new Map();
const emptyTeams: ReadonlyMap<string, Team> = new Map();

export function useAgentsById(): ReadonlyMap<string, Agent> {
  return useLiveQuery(async () => new Map((await cacheDb.agents.toArray()).map((a) => [a.id, a])), [], emptyAgents);
}

export function useTeamsById(): ReadonlyMap<string, Team> {
  return useLiveQuery(async () => new Map((await cacheDb.teams.toArray()).map((t) => [t.id, t])), [], emptyTeams);
}

/** The ticket as the agent sees it (pending changes applied); undefined while loading, null when not cached. */
export function useTicket(ticketId: string): Ticket | null | undefined {
  return useQuery(ticketQueryOptions(cacheDb, ticketId)).data;
}

/** The thread in time order, including replies and notes not yet confirmed by the server. */
export function useThread(ticketId: string): Message[] | undefined {
  return useQuery(ticketMessagesQueryOptions(cacheDb, ticketId)).data;
}

/** Outbox ids of pending changes to the ticket: non-empty means provisional. */
export function useTicketPending(ticketId: string): number[] {
  return usePendingMutationIds(cacheDb, 'ticket', ticketId);
}

export function useSlaEvents(ticketId: string): SlaEvent[] {
  return useLiveQuery(
    () => readSlaHistory(cacheDb, ticketId),
    [ticketId],
    [],
  );
}

export function useMacros(): Macro[] {
  return useLiveQuery(async () => (await cacheDb.macros.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [], []);
}

export function useArticlesById(): ReadonlyMap<string, KnowledgeArticle> {
  return useLiveQuery(async () => new Map((await cacheDb.knowledge_articles.toArray()).map((a) => [a.id, a])), [], new Map());
}

export function useSlaReference(): { policies: SlaPolicy[]; calendars: BusinessCalendar[] } | undefined {
  return useLiveQuery(async () => ({
    policies: (await cacheDb.sla_policies.toArray()).sort((a, b) => a.position - b.position),
    calendars: await cacheDb.business_calendars.toArray(),
  }));
}

/** Other unsolved tickets of the account (the account panel). */
export function useAccountTickets(accountId: string | null | undefined): Ticket[] {
  return useLiveQuery(
    async () => (accountId ? (await whereStoredRows<Ticket>(cacheDb, 'tickets', 'accountId', [accountId])).sort((a, b) => b.updatedAt - a.updatedAt) : []),
    [accountId],
    [],
  );
}

/**
 * Reads a ticket and its thread into the query cache while the browser is idle: the ticket under the queue's
 * cursor is the one Enter opens, and it then shows without waiting on IndexedDB. It also means the first open of
 * the session no longer pays for the first read of the threads table and the first run of that code.
 */
export function usePrefetchTicket(ticketId: string | undefined): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ticketId || typeof window.requestIdleCallback !== 'function') return;
    // After the cursor has rested for an idle moment: j/k held down must not start a read per row passed.
    const handle = window.requestIdleCallback(
      () => {
        void queryClient.prefetchQuery(ticketQueryOptions(cacheDb, ticketId));
        void queryClient.prefetchQuery(ticketMessagesQueryOptions(cacheDb, ticketId));
      },
      { timeout: 2000 },
    );
    return () => window.cancelIdleCallback(handle);
  }, [queryClient, ticketId]);
}
