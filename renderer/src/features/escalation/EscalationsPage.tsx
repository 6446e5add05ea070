import { useLiveQuery } from 'dexie-react-hooks';
import { cacheDb } from '../../app/cacheDb';
import type { EscalationPacket } from '../../../../shared/domain';
import { allStoredRows } from '../../data';
import { routeHref } from '../../app/router';
import { formatDateTime } from '../../ui/format';

/** Escalation packets in the cache, newest first (the full workflow comes with the escalation issue). */
export function EscalationsPage() {
  const packets = useLiveQuery(async () => (await allStoredRows<EscalationPacket>(cacheDb, 'escalations')).sort((a, b) => b.createdAt - a.createdAt), [], []);
  return (
    <div className="page page-narrow">
      <h1 style={{ marginBottom: 12 }}>Escalations</h1>
      <table className="data">
        <caption className="visually-hidden">Escalation packets</caption>
        <thead>
          <tr>
            <th scope="col">Summary</th>
            <th scope="col">Tiers</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {packets.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={routeHref({ name: 'ticket', ticketId: p.ticketId })}>{p.summary || '(no summary)'}</a>
              </td>
              <td>
                {p.fromTier} → {p.toTier}
              </td>
              <td>{p.status}</td>
              <td>{formatDateTime(p.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {packets.length === 0 && <p className="empty">No escalations.</p>}
    </div>
  );
}
