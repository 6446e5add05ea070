import { navigate } from '../../app/router';
import { useAgentsById } from '../ticket/queries';
import { AccountPanel } from './AccountPanel';
import { AccountSlaExposure } from './AccountSlaExposure';
import { useAccount } from './queries';

export function AccountPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId);
  const agents = useAgentsById();
  if (account === undefined) return <p className="empty">Loading account…</p>;
  if (account === null) return <p className="empty">This account is not in your local cache.</p>;
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <div className="row" style={{ marginBottom: 8 }}>
        <button type="button" className="small" onClick={() => navigate({ name: 'accounts' })}>
          ← Accounts
        </button>
        <button type="button" className="small" onClick={() => navigate({ name: 'queue', viewId: `account:${account.id}` })}>
          Open tickets in queue
        </button>
      </div>
      <div className="card">
        <AccountPanel account={account} agentsById={agents} />
      </div>
      <div className="card section" style={{ marginTop: 12 }}>
        <AccountSlaExposure account={account} />
      </div>
    </div>
  );
}
