import { contactRoles, isTicketUnsolved, type Account, type Agent, type Contact, type SlaPolicy, type Ticket } from '../../../../shared/domain';
import { navigate, routeHref } from '../../app/router';
import { HealthDot, healthLabel, PlanBadge, SeverityBadge, StatusBadge } from '../../ui/Badges';
import { useServerNow } from '../../ui/clock';
import { daysUntil, formatAge, formatLocalDate, formatMoney, ticketRef } from '../../ui/format';
import { useAccountTickets, useSlaReference } from '../ticket/queries';
import { useContacts } from './queries';

export const contactRoleLabels: Record<(typeof contactRoles)[number], string> = {
  economic_buyer: 'Economic buyer',
  champion: 'Champion',
  technical_admin: 'Technical admin',
  end_user: 'End user',
};

/** The account beside the ticket: who the customer is, what they pay, when they renew, how healthy it is. */
export function AccountPanel({ account, agentsById, currentTicketId }: { account: Account; agentsById: ReadonlyMap<string, Agent>; currentTicketId?: string }) {
  const now = useServerNow(60_000);
  const contacts = useContacts(account.id);
  const tickets = useAccountTickets(account.id);
  const sla = useSlaReference();
  const policy: SlaPolicy | undefined = account.slaPolicyId ? sla?.policies.find((p) => p.id === account.slaPolicyId) : undefined;
  const renewalDays = daysUntil(account.renewalDate, now);
  const open = tickets.filter((t) => isTicketUnsolved(t.status) && t.id !== currentTicketId);
  const recent = tickets.filter((t) => !isTicketUnsolved(t.status)).slice(0, 5);
  const seatPct = account.seatsLicensed > 0 ? Math.round((account.seatsActive / account.seatsLicensed) * 100) : 0;
  const owner = account.ownerId ? agentsById.get(account.ownerId) : undefined;
  const stakeholders = [...contacts].sort((a, b) => contactRoles.indexOf(a.role) - contactRoles.indexOf(b.role));

  return (
    <aside className="side-pane" aria-labelledby="account-title">
      <section className="section">
        <div className="row" style={{ marginBottom: 4 }}>
          <HealthDot band={account.healthBand} score={account.healthScore} />
          <h2 id="account-title" className="grow ellipsis">
            <a href={routeHref({ name: 'account', accountId: account.id })} style={{ color: 'inherit' }}>
              {account.name}
            </a>
          </h2>
          <PlanBadge plan={account.plan} />
        </div>
        <div className="muted small">
          {account.domain} · {account.region} · {account.coverage === 'dedicated' ? 'Dedicated pod' : 'Pooled'}
        </div>
      </section>
      <section className="section" aria-label="Contract">
        <h3 className="section-title">Contract</h3>
        <dl className="kv">
          <dt>Contract value</dt>
          <dd>
            <strong>{formatMoney(account.arrMinor, account.currency)}</strong> / yr
          </dd>
          <dt>Renewal</dt>
          <dd className={renewalDays <= 90 ? 'error-text' : undefined}>
            {formatLocalDate(account.renewalDate)} · {renewalDays >= 0 ? `in ${renewalDays} d` : `${-renewalDays} d ago`}
          </dd>
          <dt>Owner (CSM/TAM)</dt>
          <dd>{owner?.name ?? '—'}</dd>
          <dt>SLA</dt>
          <dd>{policy?.name ?? (account.slaPolicyId ? 'Custom policy' : 'Standard by plan')}</dd>
          <dt>Onboarding</dt>
          <dd>{account.onboardingStage}</dd>
        </dl>
      </section>
      <section className="section" aria-label="Health">
        <h3 className="section-title">Health</h3>
        <div className="row" style={{ marginBottom: 6 }}>
          <strong className="num" style={{ fontSize: 'var(--fs-xl)' }}>
            {Math.round(account.healthScore)}
          </strong>
          <span>{healthLabel(account.healthBand)}</span>
          <span className="spacer" />
          <span className="small muted">
            NPS {account.nps ?? '—'} · CSAT {account.csat ?? '—'}
          </span>
        </div>
        <ul className="list-plain" aria-label="Health components">
          {account.healthComponents.map((c) => (
            <li key={c.key} className="row" title={c.detail}>
              <span className="grow">{c.label}</span>
              <span className={`num ${c.impact < 0 ? 'error-text' : ''}`}>
                {c.impact > 0 ? '+' : ''}
                {c.impact}
              </span>
            </li>
          ))}
        </ul>
        <div style={{ marginTop: 8 }}>
          <div className="row small">
            <span className="grow muted">Seats active / licensed</span>
            <span className="num">
              {account.seatsActive} / {account.seatsLicensed} ({seatPct}%)
            </span>
          </div>
          <div className="meter" role="meter" aria-label="Seat activation" aria-valuemin={0} aria-valuemax={100} aria-valuenow={seatPct}>
            <span style={{ width: `${Math.min(100, seatPct)}%` }} />
          </div>
        </div>
      </section>
      <section className="section" aria-label="Key stakeholders">
        <h3 className="section-title">Key stakeholders</h3>
        <ul className="list-plain">
          {stakeholders.slice(0, 8).map((c: Contact) => (
            <li key={c.id}>
              <div className="row">
                <strong className="grow ellipsis">{c.name}</strong>
                <span className="badge">{contactRoleLabels[c.role]}</span>
              </div>
              <div className="muted xsmall ellipsis">
                {c.title} · {c.email}
              </div>
            </li>
          ))}
          {stakeholders.length === 0 && <li className="faint">No contacts cached</li>}
        </ul>
      </section>
      <section className="section" aria-label="Other open tickets">
        <h3 className="section-title">Other open tickets ({open.length})</h3>
        <TicketMiniList tickets={open.slice(0, 8)} now={now} />
      </section>
      <section className="section" aria-label="Recent history">
        <h3 className="section-title">Recently solved</h3>
        <TicketMiniList tickets={recent} now={now} />
      </section>
    </aside>
  );
}

function TicketMiniList({ tickets, now }: { tickets: Ticket[]; now: number }) {
  if (tickets.length === 0) return <p className="faint small">None</p>;
  return (
    <ul className="list-plain">
      {tickets.map((t) => (
        <li key={t.id}>
          <a
            href={routeHref({ name: 'ticket', ticketId: t.id })}
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'ticket', ticketId: t.id });
            }}
            className="row"
            style={{ color: 'inherit', textDecoration: 'none', gap: 6 }}
          >
            <SeverityBadge severity={t.severity} />
            <span className="grow ellipsis">
              <span className="faint">{ticketRef(t.number)}</span> {t.subject}
            </span>
          </a>
          <div className="row xsmall muted" style={{ gap: 6, marginTop: 2 }}>
            <StatusBadge status={t.status} /> updated {formatAge(t.updatedAt, now)}
          </div>
        </li>
      ))}
    </ul>
  );
}
