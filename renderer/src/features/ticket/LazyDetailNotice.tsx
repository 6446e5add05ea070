import type { Ticket } from '../../../../shared/domain';
import { cacheDb } from '../../app/cacheDb';
import { syncHandle } from '../../app/syncBridge';
import { useTicketDetail } from '../../data';

const load = (ticketId: string) => {
  const handle = syncHandle();
  return handle ? handle.loadTicketDetail(ticketId) : Promise.reject(new Error('sync has not started'));
};

/**
 * Loads what the bootstrap left out of this ticket (the thread of a long-closed ticket, the SLA history of a
 * solved one) and says plainly when it cannot be shown offline.
 */
export function LazyDetailNotice({ ticket }: { ticket: Pick<Ticket, 'id' | 'number'> }) {
  const detail = useTicketDetail(cacheDb, ticket, load);
  if (detail.state === 'complete') return null;
  const what = [detail.missing.thread && 'earlier messages', detail.missing.slaHistory && 'full SLA history'].filter(Boolean).join(' and ');
  if (detail.state === 'loading')
    return (
      <p className="muted small" role="status" data-testid="lazy-detail">
        Loading the {what} of this ticket from the server…
      </p>
    );
  return (
    <p className="small" role="status" data-testid="lazy-detail">
      {detail.state === 'offline'
        ? `The ${what} of this ticket are not available offline; they load when you are back online.`
        : `The ${what} of this ticket could not be loaded: ${detail.reason}`}{' '}
      <button type="button" className="small ghost" onClick={detail.retry}>
        Try again
      </button>
    </p>
  );
}
