import { useLiveQuery } from 'dexie-react-hooks';
import { cacheDb } from '../../app/cacheDb';
import { SeverityBadge } from '../../ui/Badges';
import { formatDateTime } from '../../ui/format';

export function IncidentsPage() {
  const incidents = useLiveQuery(async () => (await cacheDb.incidents.toArray()).sort((a, b) => b.startedAt - a.startedAt), [], []);
  return (
    <div className="page page-narrow">
      <h1 style={{ marginBottom: 12 }}>Incidents</h1>
      {incidents.map((i) => (
        <article key={i.id} className="card" style={{ padding: 12, marginBottom: 10 }}>
          <div className="row">
            <SeverityBadge severity={i.severity} />
            <h2 className="grow">{i.title}</h2>
            <span className="badge">{i.status}</span>
          </div>
          <p className="muted small">
            Started {formatDateTime(i.startedAt)} · {i.affectedAccountIds.length} accounts affected · updates every {i.updateCadenceMin} min
          </p>
          {i.rootCauseSummary && <p className="small">{i.rootCauseSummary}</p>}
        </article>
      ))}
      {incidents.length === 0 && <p className="empty">No incidents.</p>}
    </div>
  );
}
