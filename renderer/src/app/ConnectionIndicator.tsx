import { useSyncStatus } from './syncBridge';

/** Online / offline / syncing, with the number of changes waiting to reach the server. */
export function ConnectionIndicator() {
  const s = useSyncStatus();
  const label =
    s.state === 'offline'
      ? 'Offline'
      : s.state === 'syncing'
        ? 'Syncing'
        : s.state === 'error'
          ? 'Sync problem'
          : 'Online';
  const pending = s.pending > 0 ? ` · ${s.pending} pending` : '';
  return (
    <span className="conn" role="status" aria-live="polite" title={s.detail ?? label} data-state={s.state}>
      <span className={`dot ${s.state}`} aria-hidden="true" />
      {label}
      {pending}
      {s.rejected > 0 && <span className="error-text"> · {s.rejected} rejected</span>}
    </span>
  );
}
