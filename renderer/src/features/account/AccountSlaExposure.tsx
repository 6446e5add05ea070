import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { Account, SlaEvent, SlaPolicy, Ticket } from '../../../../shared/domain';
import { accountEntitlementPolicy } from '../../../../shared/sla/slaPolicyForTicket';
import { cacheDb } from '../../app/cacheDb';
import { readSlaHistories, whereStoredRows } from '../../data';
import { useServerNow } from '../../ui/clock';
import { formatMoney } from '../../ui/format';
import { quarterExposure, quarterMonths } from '../sla/quarterExposure';
import { slaMetricLabels } from '../sla/slaSnapshot';

/** The account's contracted policy, or its plan's (never a Sev 1 overlay): shared/sla accountEntitlementPolicy. */
export function accountPolicy(account: Pick<Account, 'plan' | 'slaPolicyId'>, policies: readonly SlaPolicy[]): SlaPolicy | undefined {
  return accountEntitlementPolicy(policies, account);
}

/**
 * Breaches of this account's tickets this quarter and the service credits they imply under the contract's
 * remedy (shared/sla serviceCreditExposure, applied per month). Reads the account's tickets and their breach
 * events from the local cache (each ticket's SLA history is one record).
 */
export function AccountSlaExposure({ account }: { account: Account }) {
  const now = useServerNow(60_000);
  const quarter = useMemo(() => quarterMonths(now, account.timeZone), [now, account.timeZone]);
  const data = useLiveQuery(async () => {
    const [tickets, policies] = await Promise.all([whereStoredRows<Ticket>(cacheDb, 'tickets', 'accountId', [account.id]), cacheDb.sla_policies.toArray()]);
    const events = await readSlaHistories(
      cacheDb,
      tickets.map((t) => t.id),
      quarter.start,
      quarter.end,
    );
    const breaches: SlaEvent[] = events.filter((e) => e.kind === 'breach');
    return { breaches, policy: accountPolicy(account, policies), numbers: new Map(tickets.map((t) => [t.id, t.number])) };
  }, [account.id, account.plan, account.slaPolicyId, quarter.start, quarter.end]);

  if (!data) return <p className="muted small">Loading SLA exposure…</p>;
  const { breaches, policy, numbers } = data;
  const monthlyValue = Math.round(account.arrMinor / 12);
  const remedy = policy?.remedy ?? { creditPercentPerBreach: 0, capPercent: 0 };
  const exposure = quarterExposure(
    breaches.map((b) => b.at),
    now,
    account.timeZone,
    monthlyValue,
    remedy,
  );
  const byMetric = new Map<string, number>();
  for (const b of breaches) byMetric.set(b.metric, (byMetric.get(b.metric) ?? 0) + 1);

  return (
    <section aria-labelledby={`sla-exposure-${account.id}`} data-testid="account-sla-exposure">
      <h3 id={`sla-exposure-${account.id}`} className="section-title">
        SLA breaches · {exposure.label}
      </h3>
      <dl className="kv">
        <dt>Breaches this quarter</dt>
        <dd data-testid="quarter-breaches">{exposure.breaches}</dd>
        <dt>Service-credit exposure</dt>
        <dd data-testid="quarter-exposure">
          {remedy.creditPercentPerBreach === 0 ? 'No credits in contract' : formatMoney(exposure.creditAmount, account.currency)}
        </dd>
        {policy ? (
          <>
            <dt>Remedy ({policy.name})</dt>
            <dd>
              {remedy.creditPercentPerBreach} % per breach, cap {remedy.capPercent} % of the monthly fee
            </dd>
          </>
        ) : null}
        {exposure.months.map((m) => (
          <FragmentRow
            key={m.label}
            label={m.label}
            value={`${m.breaches} ${m.breaches === 1 ? 'breach' : 'breaches'} · ${m.creditPercent} %${m.capped ? ' (capped)' : ''} · ${formatMoney(m.creditAmount, account.currency)}`}
          />
        ))}
      </dl>
      {byMetric.size > 0 ? (
        <p className="small muted" style={{ marginTop: 6 }}>
          {[...byMetric.entries()].map(([metric, n]) => `${slaMetricLabels[metric as keyof typeof slaMetricLabels]}: ${n}`).join(' · ')}
          {breaches.length > 0 ? ` — latest on ${[...breaches].sort((a, b) => b.at - a.at).slice(0, 3).map((b) => `#${numbers.get(b.ticketId) ?? '…'}`).join(', ')}` : ''}
        </p>
      ) : null}
    </section>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="small">{label}</dt>
      <dd className="small">{value}</dd>
    </>
  );
}
