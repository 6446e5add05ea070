/**
 * SLA policies of the demo organisation (DOMAIN.md severity table): enterprise Sev 1 counts 24/7; every other
 * enterprise and business ticket counts in the calendar of the hub that serves the customer (picked by the
 * ticket's region tag); starter tickets count in New York hours. First match by position wins.
 */
import type { PlanTier } from '../../shared/domain/primitives';
import type { BreachAction, SlaPolicy, SlaTargets } from '../../shared/domain/sla';
import { defaultSlaPauseStatuses } from '../../shared/domain/sla';
import { hubRegionTag, supportHubs, type SupportHub } from './calendars';

type Targets = SlaPolicy['targets'];

const t = (firstResponseMin: number, nextResponseMin: number, periodicUpdateMin: number | null, resolutionMin: number | null): SlaTargets => {
  const targets: SlaTargets = { firstResponseMin, nextResponseMin };
  if (periodicUpdateMin !== null) targets.periodicUpdateMin = periodicUpdateMin;
  if (resolutionMin !== null) targets.resolutionMin = resolutionMin;
  return targets;
};

/** Business minutes; a business day is 9–10 hours in the hub calendars. */
export const planTargets: Readonly<Record<PlanTier, Targets>> = {
  enterprise: { 1: t(30, 60, 60, 480), 2: t(120, 240, 240, 1440), 3: t(480, 540, null, 2700), 4: t(540, 1080, null, 5400) },
  business: { 1: t(60, 120, 120, 960), 2: t(240, 480, 480, 2700), 3: t(540, 1080, null, 5400), 4: t(1080, 1620, null, null) },
  starter: { 1: t(240, 480, 480, 2700), 2: t(480, 1080, null, 5400), 3: t(1080, 1620, null, null), 4: t(1620, 2700, null, null) },
};

const enterpriseSev1Targets: Targets = { 1: t(15, 30, 30, 240), 2: {}, 3: {}, 4: {} };

export type DemoPolicySpec = Omit<SlaPolicy, 'id' | 'calendarId' | 'version' | 'updatedAt'> & {
  readonly calendarKey: SupportHub | 'always';
  /** The plan and hub this policy is the account-level entitlement for (null: a severity-specific overlay). */
  readonly entitlement: { plan: PlanTier; hub: SupportHub | null } | null;
};

const hubLabel: Readonly<Record<SupportHub, string>> = { new_york: 'Americas', berlin: 'EMEA', bengaluru: 'APAC', sydney: 'ANZ' };

const base = (breachActions: BreachAction[], creditPercentPerBreach: number, capPercent: number) => ({
  pauseStatuses: defaultSlaPauseStatuses,
  warnAtFraction: 0.75,
  breachActions,
  remedy: { creditPercentPerBreach, capPercent },
});

export function demoPolicySpecs(): DemoPolicySpec[] {
  const specs: DemoPolicySpec[] = [
    {
      name: 'Enterprise — Sev 1 (24/7)',
      position: 10,
      match: { plans: ['enterprise'], severities: [1] },
      targets: enterpriseSev1Targets,
      calendarKey: 'always',
      entitlement: null,
      ...base(['notify_owner', 'notify_lead', 'raise_tier'], 10, 30),
    },
  ];
  let position = 20;
  for (const plan of ['enterprise', 'business'] as const) {
    // The New York policy is the catch-all of its plan, so it goes last.
    const ordered = [...supportHubs.filter((h) => h !== 'new_york'), 'new_york' as const];
    for (const hub of ordered) {
      specs.push({
        name: `${plan === 'enterprise' ? 'Enterprise' : 'Business'} — ${hubLabel[hub]}`,
        position: position++,
        match: hub === 'new_york' ? { plans: [plan] } : { plans: [plan], tags: [hubRegionTag[hub]] },
        targets: planTargets[plan],
        calendarKey: hub,
        entitlement: { plan, hub },
        ...(plan === 'enterprise' ? base(['notify_owner', 'notify_lead'], 5, 25) : base(['notify_owner'], 2, 10)),
      });
    }
    position += 5;
  }
  specs.push({
    name: 'Starter — standard support',
    position: 90,
    match: { plans: ['starter'] },
    targets: planTargets.starter,
    calendarKey: 'new_york',
    entitlement: { plan: 'starter', hub: null },
    ...base(['notify_owner'], 0, 0),
  });
  return specs;
}
