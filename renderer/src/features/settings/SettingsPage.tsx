import { useEffect, useState } from 'react';
import { getHost } from '../../host/host';
import { useAgent } from '../../app/session';
import { useSearchStatus } from '../search/searchClient';
import { useSyncStatus } from '../../app/syncBridge';
import { BreachAlertSettings } from '../lead/BreachAlertSettings';

export function SettingsPage() {
  const agent = useAgent();
  const host = getHost();
  const [conn, setConn] = useState<string>('…');
  const [remote, setRemote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const search = useSearchStatus();
  const sync = useSyncStatus();
  useEffect(() => {
    void host.backend.getConnection().then((r) => setConn(r.ok ? `${r.value.baseUrl} (${r.value.mode})` : r.error.message));
  }, [host]);
  return (
    <div className="page page-narrow">
      <h1 style={{ marginBottom: 12 }}>Settings</h1>
      <section className="card section" aria-labelledby="s-profile">
        <h2 id="s-profile" className="section-title">
          You
        </h2>
        <p>
          {agent.name} · {agent.email} · {agent.role} · {agent.timeZone} · shift {agent.shiftStart}–{agent.shiftEnd}
        </p>
      </section>
      <section className="card section" aria-labelledby="s-backend" style={{ marginTop: 10 }}>
        <h2 id="s-backend" className="section-title">
          Backend
        </h2>
        <p>Connected to {conn}</p>
        <p className="small muted">
          Sync: {sync.state}, {sync.pending} pending, {sync.rejected} rejected. Search index: {search.documents.toLocaleString()} documents ({search.state}).
        </p>
        {host.kind === 'desktop' && (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void host.backend.setRemoteUrl(remote.trim() || null).then((r) => setMessage(r.ok ? 'Saved. Restart Accord to switch backends.' : r.error.message));
            }}
          >
            <label htmlFor="remote-url">Remote backend URL</label>
            <input id="remote-url" className="grow" placeholder="https://accord.example.com (empty: embedded)" value={remote} onChange={(e) => setRemote(e.target.value)} />
            <button type="submit">Save</button>
          </form>
        )}
        {message && <p role="status">{message}</p>}
      </section>
      <BreachAlertSettings />
    </div>
  );
}
