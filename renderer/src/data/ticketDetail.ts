import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import type { Ticket } from '../../../shared/domain';
import type { LazyTicketDetail, TicketDetailResponse } from '../../../shared/sync/protocol';
import { inTicketNumberRanges } from '../../../shared/sync/ticketRanges';
import type { AccordDb } from './db';
import { metaKeys, readMeta } from './syncMeta';
import { SyncNetworkError } from './syncTransport';
import { segmentTables } from './segments';
import { mergeIntoGroups } from './ticketGroups';

/**
 * The lazy part of the cache: the bootstrap leaves out the threads of tickets closed more than 90 days ago and
 * the SLA history of solved tickets (it names them in `meta`); the ticket page loads them on open, once, and
 * they stay cached for offline use.
 */
export interface MissingTicketDetail {
  /** Messages of this ticket were left out and have not been fetched. */
  thread: boolean;
  /** Some SLA events of this ticket were left out and have not been fetched. */
  slaHistory: boolean;
}

export async function missingTicketDetail(db: AccordDb, ticket: Readonly<Pick<Ticket, 'id' | 'number'>>): Promise<MissingTicketDetail> {
  const [lazy, fetched] = await Promise.all([readMeta<LazyTicketDetail>(db, metaKeys.lazyDetail), db.ticketDetails.get(ticket.id)]);
  // A ticket without a number was created here after the bootstrap: nothing of it was left out.
  if (!lazy || fetched || ticket.number === null) return { thread: false, slaHistory: false };
  const number = ticket.number;
  return { thread: inTicketNumberRanges(lazy.message, number), slaHistory: inTicketNumberRanges(lazy.sla_event, number) };
}

/**
 * Caches a fetched detail and marks the ticket complete. Only rows the cache lacks are added: a row it has came
 * from the snapshot or a later pull and is at least as new (messages and SLA events are append-only anyway).
 */
export async function storeTicketDetail(db: AccordDb, detail: TicketDetailResponse, loadedAt: number): Promise<void> {
  await db.transaction('rw', [db.threads, db.slaHistories, db.ticketDetails, ...segmentTables(db)], async () => {
    await mergeIntoGroups(db, 'message', detail.messages, { keepExisting: true });
    await mergeIntoGroups(db, 'sla_event', detail.slaEvents, { keepExisting: true });
    await db.ticketDetails.put({ ticketId: detail.ticketId, loadedAt });
  });
}

export type TicketDetailState =
  /** Nothing is missing (or it is still being worked out). */
  | { state: 'complete' }
  | { state: 'loading'; missing: MissingTicketDetail }
  /** Not cached and the server cannot be reached: say so, and try again when the network returns. */
  | { state: 'offline'; missing: MissingTicketDetail }
  | { state: 'failed'; missing: MissingTicketDetail; reason: string };

/**
 * Loads what the cache lacks of a ticket when it is opened. `load` fetches and stores it (the sync handle's
 * `loadTicketDetail`); null while sync has not started, which counts as offline.
 */
export function useTicketDetail(
  db: AccordDb,
  ticket: Readonly<Pick<Ticket, 'id' | 'number'>>,
  load: ((ticketId: string) => Promise<void>) | null,
): TicketDetailState & { retry(): void } {
  const missing = useLiveQuery(() => missingTicketDetail(db, ticket), [db, ticket.id, ticket.number]);
  const [attempt, setAttempt] = useState(0);
  const [outcome, setOutcome] = useState<{ key: string; state: 'loading' | 'offline' | 'failed'; reason?: string } | null>(null);
  const needed = missing !== undefined && (missing.thread || missing.slaHistory);
  const key = `${ticket.id}:${attempt}`;
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (!needed) return;
    if (!load) {
      setOutcome({ key, state: 'offline' });
      return;
    }
    let cancelled = false;
    setOutcome({ key, state: 'loading' });
    load(ticket.id).then(
      () => {
        if (!cancelled) setOutcome(null);
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof SyncNetworkError) setOutcome({ key, state: 'offline' });
        else setOutcome({ key, state: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [needed, load, ticket.id, key]);

  // Back online: try again.
  useEffect(() => {
    if (outcome?.state !== 'offline') return;
    globalThis.addEventListener?.('online', retry);
    return () => globalThis.removeEventListener?.('online', retry);
  }, [outcome?.state, retry]);

  if (!needed || !missing) return { state: 'complete', retry };
  if (!outcome || outcome.key !== key || outcome.state === 'loading') return { state: 'loading', missing, retry };
  if (outcome.state === 'offline') return { state: 'offline', missing, retry };
  return { state: 'failed', missing, reason: outcome.reason ?? 'unknown error', retry };
}
