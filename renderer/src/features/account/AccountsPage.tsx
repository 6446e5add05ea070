import { useMemo, useState } from 'react';
import { planTiers, type Account } from '../../../../shared/domain';
import { navigate, routeHref } from '../../app/router';
import { HealthDot, healthLabel, PlanBadge } from '../../ui/Badges';
import { useServerNow } from '../../ui/clock';
import { daysUntil, formatMoney } from '../../ui/format';
import { useAgentsById } from '../ticket/queries';
import { useAccountsById } from './queries';

type SortKey = 'name' | 'arr' | 'renewal' | 'health';

/** Every account, sortable; red accounts close to renewal are what a TAM looks for first. */
export function AccountsPage() {
  const accounts = useAccountsById();
  const agents = useAgentsById();
  const now = useServerNow(60_000);
  const [sort, setSort] = useState<SortKey>('renewal');
  const [plan, setPlan] = useState('');
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const list = [...accounts.values()].filter((a) => (!plan || a.plan === plan) && (!q || a.name.toLowerCase().includes(q.toLowerCase())));
    const cmp: Record<SortKey, (a: Account, b: Account) => number> = {
      name: (a, b) => a.name.localeCompare(b.name),
      arr: (a, b) => b.arrMinor - a.arrMinor,
      renewal: (a, b) => a.renewalDate.localeCompare(b.renewalDate),
      health: (a, b) => a.healthScore - b.healthScore,
    };
    return list.sort(cmp[sort]);
  }, [accounts, plan, q, sort]);

  return (
    <div className="page">
      <div className="row" style={{ marginBottom: 12 }}>
        <h1 className="grow">Accounts</h1>
        <input aria-label="Filter accounts by name" placeholder="Filter by name" value={q} onChange={(e) => setQ(e.target.value)} />
        <select aria-label="Plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
          <option value="">All plans</option>
          {planTiers.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select aria-label="Sort accounts by" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
          <option value="renewal">Renewal soonest</option>
          <option value="health">Health lowest</option>
          <option value="arr">Contract value</option>
          <option value="name">Name</option>
        </select>
      </div>
      <table className="data">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Plan</th>
            <th scope="col">Health</th>
            <th scope="col" className="num">
              Contract value
            </th>
            <th scope="col">Renewal</th>
            <th scope="col" className="num">
              Seats
            </th>
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => {
            const d = daysUntil(a.renewalDate, now);
            return (
              <tr key={a.id}>
                <td>
                  <a
                    href={routeHref({ name: 'account', accountId: a.id })}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ name: 'account', accountId: a.id });
                    }}
                  >
                    {a.name}
                  </a>
                </td>
                <td>
                  <PlanBadge plan={a.plan} />
                </td>
                <td>
                  <span className="row" style={{ gap: 6 }}>
                    <HealthDot band={a.healthBand} score={a.healthScore} /> {Math.round(a.healthScore)} {healthLabel(a.healthBand)}
                  </span>
                </td>
                <td className="num">{formatMoney(a.arrMinor, a.currency)}</td>
                <td className={d <= 90 && d >= 0 ? 'error-text' : undefined}>
                  {a.renewalDate} ({d >= 0 ? `in ${d} d` : 'passed'})
                </td>
                <td className="num">
                  {a.seatsActive}/{a.seatsLicensed}
                </td>
                <td>{a.ownerId ? (agents.get(a.ownerId)?.name ?? '—') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">No accounts cached yet.</p>}
    </div>
  );
}
