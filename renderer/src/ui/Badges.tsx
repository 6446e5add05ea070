import type { HealthBand, PlanTier, Severity, TicketStatus } from '../../../shared/domain';
import { ticketStatusLabels } from '../../../shared/domain';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge sev-${severity}`} title={severityMeaning[severity]}>
      Sev {severity}
    </span>
  );
}

export const severityMeaning: Readonly<Record<Severity, string>> = {
  1: 'Sev 1 — system down, production halted',
  2: 'Sev 2 — major degradation, a workaround exists',
  3: 'Sev 3 — minor issue, limited impact',
  4: 'Sev 4 — question, how-to or request',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge status-${status}`}>{ticketStatusLabels[status]}</span>;
}

export const planLabels: Readonly<Record<PlanTier, string>> = {
  enterprise: 'Enterprise',
  business: 'Business',
  starter: 'Starter',
};

export function PlanBadge({ plan }: { plan: PlanTier }) {
  return <span className={`badge plan-${plan}`}>{planLabels[plan]}</span>;
}

const healthLabels: Readonly<Record<HealthBand, string>> = { green: 'Healthy', yellow: 'At risk', red: 'Critical' };

/** The dot is never the only signal: it carries a text label for assistive tech and as a tooltip. */
export function HealthDot({ band, score }: { band: HealthBand; score?: number }) {
  const label = `Health: ${healthLabels[band]}${score === undefined ? '' : ` (${Math.round(score)})`}`;
  return <span className={`dot health-${band}`} role="img" aria-label={label} title={label} />;
}

export function healthLabel(band: HealthBand): string {
  return healthLabels[band];
}
