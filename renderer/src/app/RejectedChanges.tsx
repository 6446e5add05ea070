import { cacheDb, useRejectedMutations } from '../data';
import { toast } from '../ui/toast';
import { syncHandle } from './syncBridge';

/** Changes the server refused, with its reason, so the agent can discard or retry them (ARCHITECTURE.md data flow 2). */
export function RejectedChanges() {
  const rejected = useRejectedMutations(cacheDb);
  if (rejected.length === 0) return null;
  return (
    <div className="bulk-bar" role="alert" style={{ background: 'var(--danger-soft)' }}>
      <strong className="error-text">
        {rejected.length} change{rejected.length === 1 ? ' was' : 's were'} refused by the server
      </strong>
      <ul className="row wrap grow" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 12 }}>
        {rejected.slice(0, 3).map((m) => (
          <li key={m.id} className="row small" style={{ gap: 6 }}>
            <span>
              <span className="mono">{m.name}</span>: {m.rejectReason ?? 'refused'}
            </span>
            <button
              type="button"
              className="small"
              onClick={() => void syncHandle()?.retryRejected(m.id).catch((e: unknown) => toast(String(e), 'error'))}
            >
              Retry
            </button>
            <button type="button" className="small ghost" onClick={() => void syncHandle()?.discardRejected(m.id)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
