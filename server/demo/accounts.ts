/**
 * Customer accounts and their contacts. Each account has a hidden `risk` (higher is worse) that drives both
 * its health inputs (activation, NPS, CSAT, breaches) and how many tickets it files, so that the health
 * score, its explaining components and the ticket history tell the same story.
 */
import type { Account, Contact } from '../../shared/domain/account';
import type { PlanTier } from '../../shared/domain/primitives';
import { hubForTimeZone, type SupportHub } from './calendars';
import { addMonths, DAY_MS, isoDate } from './dates';
import { asciiSlug, companyName, personName, phoneNumber, regionProfiles, titlesByRole, type SalesRegion } from './people';
import { clamp, type Random } from './random';
import type { Staff } from './staff';

export interface ContactInfo {
  readonly id: string;
  readonly name: string;
  readonly first: string;
  readonly title: string;
  readonly role: Contact['role'];
}

/** An account plus what ticket generation needs to know about it. */
export interface AccountProfile {
  readonly account: Account;
  readonly index: number;
  readonly hub: SupportHub;
  readonly salesRegion: SalesRegion;
  readonly cloudRegion: string;
  readonly risk: number;
  /** Relative rate at which this account files tickets. */
  readonly ticketWeight: number;
  readonly contacts: ContactInfo[];
  /** Contacts as stored rows; dropped from memory by the generator once emitted. */
  contactRows: Contact[] | null;
}

interface Scenario {
  readonly name: string;
  readonly domain: string;
  readonly plan: PlanTier;
  readonly region: SalesRegion;
  readonly timeZone: string;
  readonly currency: string;
  readonly risk: number;
  readonly renewalInDays: number;
  readonly newCustomerDays: number | null;
  readonly championLeft: boolean;
  readonly ticketBoost: number;
}

/**
 * Hand-made accounts at the front of the list, owned by tam@accord.demo, so every demo has a story: a red
 * enterprise account weeks before renewal, a healthy reference customer, one in onboarding, one at risk.
 */
const scenarios: readonly Scenario[] = [
  { name: 'Northwind Logistics Inc.', domain: 'northwindlogistics.com', plan: 'enterprise', region: 'NA', timeZone: 'America/Chicago', currency: 'USD', risk: 2.6, renewalInDays: 41, newCustomerDays: null, championLeft: true, ticketBoost: 5 },
  { name: 'Halcyon Health GmbH', domain: 'halcyonhealth.de', plan: 'enterprise', region: 'EMEA', timeZone: 'Europe/Berlin', currency: 'EUR', risk: -1.2, renewalInDays: 163, newCustomerDays: null, championLeft: false, ticketBoost: 2.5 },
  { name: 'Meridian Financial Ltd', domain: 'meridianfinancial.co.uk', plan: 'enterprise', region: 'EMEA', timeZone: 'Europe/London', currency: 'GBP', risk: 0.7, renewalInDays: 300, newCustomerDays: 58, championLeft: false, ticketBoost: 3 },
  { name: 'Kestrel Robotics Pty Ltd', domain: 'kestrelrobotics.com.au', plan: 'business', region: 'APAC', timeZone: 'Australia/Sydney', currency: 'USD', risk: 1.3, renewalInDays: 77, newCustomerDays: null, championLeft: false, ticketBoost: 3 },
];

const planShares: ReadonlyArray<[PlanTier, number]> = [
  ['enterprise', 0.1],
  ['business', 0.3],
  ['starter', 0.6],
];

const regionWeights = [
  { value: 'NA' as const, weight: 45 },
  { value: 'EMEA' as const, weight: 30 },
  { value: 'APAC' as const, weight: 17 },
  { value: 'LATAM' as const, weight: 8 },
];

const seatModel: Readonly<Record<PlanTier, { median: number; sigma: number; min: number; max: number; round: number; pricePerSeat: number }>> = {
  enterprise: { median: 1100, sigma: 0.6, min: 250, max: 25_000, round: 50, pricePerSeat: 210 },
  business: { median: 160, sigma: 0.55, min: 25, max: 2_000, round: 5, pricePerSeat: 240 },
  starter: { median: 15, sigma: 0.5, min: 3, max: 60, round: 1, pricePerSeat: 300 },
};

/** Relative prices in each currency, so EUR and GBP contracts are not just relabelled dollars. */
const currencyRate: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, GBP: 0.79 };

const contactWeight: Readonly<Record<PlanTier, number>> = { enterprise: 16, business: 6, starter: 3 };
const ticketRate: Readonly<Record<PlanTier, number>> = { enterprise: 6, business: 2.2, starter: 1 };

/** Exactly `total` split over `count` plans in the given shares (largest remainder), in a random order. */
function exactPlans(rng: Random, count: number): PlanTier[] {
  const counts = planShares.map(([plan, share]) => ({ plan, n: Math.floor(count * share), frac: count * share - Math.floor(count * share) }));
  let left = count - counts.reduce((s, c) => s + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.frac - a.frac)) {
    if (left <= 0) break;
    c.n++;
    left--;
  }
  const plans: PlanTier[] = [];
  for (const c of counts) for (let i = 0; i < c.n; i++) plans.push(c.plan);
  return rng.shuffle(plans);
}

/** Integer counts proportional to `weights` that sum to exactly `total`, each at least `min`. */
export function exactCounts(rng: Random, weights: readonly number[], total: number, min: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.max(min, Math.floor((w / sum) * total)));
  let diff = total - counts.reduce((s, c) => s + c, 0);
  const order = rng.shuffle(counts.map((_, i) => i));
  for (let k = 0; diff !== 0; k++) {
    const i = order[k % order.length]!;
    if (diff > 0) {
      counts[i]!++;
      diff--;
    } else if (counts[i]! > min) {
      counts[i]!--;
      diff++;
    }
  }
  return counts;
}

interface HealthInputs {
  plan: PlanTier;
  seatsLicensed: number;
  seatsActive: number;
  weeklyActivePercent: number;
  ticketTrendPercent: number;
  breaches90d: number;
  nps: number | null;
  csat: number | null;
  lastQbr: string | null;
  daysSinceQbr: number | null;
  champion: ContactInfo | null;
  renewalInDays: number;
  onboardingStage: Account['onboardingStage'];
  onboardingDay: number | null;
}

/** The health score and the components that explain it; every point of the score comes from a component. */
export function healthFromInputs(h: HealthInputs): Pick<Account, 'healthScore' | 'healthBand' | 'healthComponents'> {
  const components: Account['healthComponents'] = [];
  const add = (key: string, label: string, impact: number, detail: string) => components.push({ key, label, impact, detail });
  const activation = h.seatsLicensed > 0 ? h.seatsActive / h.seatsLicensed : 0;
  add(
    'seat_activation',
    'Seat activation',
    activation >= 0.9 ? 8 : activation >= 0.75 ? 4 : activation >= 0.6 ? -2 : activation >= 0.45 ? -8 : -14,
    `${h.seatsActive.toLocaleString('en-US')} of ${h.seatsLicensed.toLocaleString('en-US')} licensed seats active (${Math.round(activation * 100)}%)`,
  );
  add(
    'usage',
    'Login frequency',
    h.weeklyActivePercent >= 75 ? 6 : h.weeklyActivePercent >= 60 ? 2 : h.weeklyActivePercent >= 45 ? -4 : -9,
    `Weekly active users: ${h.weeklyActivePercent}% of active seats`,
  );
  const trend = h.ticketTrendPercent;
  add(
    'ticket_trend',
    'Support ticket trend',
    trend <= -10 ? 3 : trend <= 15 ? 0 : trend <= 40 ? -5 : -10,
    `Ticket volume ${trend >= 0 ? '+' : ''}${trend}% vs. the previous 30 days`,
  );
  add(
    'sla_breaches',
    'SLA breaches',
    h.breaches90d === 0 ? 4 : h.breaches90d <= 2 ? -3 : -9,
    h.breaches90d === 0 ? 'No SLA breaches in the last 90 days' : `${h.breaches90d} SLA breach${h.breaches90d === 1 ? '' : 'es'} in the last 90 days`,
  );
  if (h.nps !== null) add('nps', 'NPS', h.nps >= 50 ? 6 : h.nps >= 20 ? 2 : h.nps >= 0 ? -3 : -10, `NPS ${h.nps} in the last survey`);
  if (h.csat !== null) add('csat', 'CSAT', h.csat >= 92 ? 4 : h.csat >= 85 ? 1 : h.csat >= 78 ? -3 : -8, `CSAT ${h.csat}% over the last 90 days`);
  if (h.plan !== 'starter' && h.onboardingStage === 'complete') {
    if (h.daysSinceQbr !== null && h.daysSinceQbr <= 120) add('engagement', 'Executive engagement', 4, `Last QBR held ${h.lastQbr}`);
    else add('engagement', 'Executive engagement', -7, h.lastQbr ? `No QBR since ${h.lastQbr}` : 'No QBR held yet');
  }
  if (h.champion) add('champion', 'Champion', 3, `Champion: ${h.champion.name} (${h.champion.title})`);
  else add('champion', 'Champion', -12, 'Champion left the company; no replacement identified');
  if (h.renewalInDays <= 90) add('renewal', 'Renewal', -3, `Renewal in ${h.renewalInDays} days`);
  if (h.onboardingStage !== 'complete') add('onboarding', 'Onboarding', -2, `Onboarding stage: ${h.onboardingStage} (day ${h.onboardingDay ?? 0} of 90)`);

  const BASE = 62;
  const raw = BASE + components.reduce((s, c) => s + c.impact, 0);
  const healthScore = clamp(Math.round(raw), 0, 100);
  const healthBand = healthScore >= 70 ? 'green' : healthScore >= 45 ? 'yellow' : 'red';
  return { healthScore, healthBand, healthComponents: components };
}

export interface AccountsInput {
  readonly count: number;
  readonly contactsTotal: number;
  readonly now: number;
  readonly staff: Staff;
  /** Account-level SLA entitlement: the policy id for a plan and hub. */
  readonly policyFor: (plan: PlanTier, hub: SupportHub) => string;
}

export function generateAccounts(rng: Random, input: AccountsInput): AccountProfile[] {
  const { count, now, staff } = input;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const plans = exactPlans(rng, count);
  // Put the scenario plans at the front without changing the plan counts.
  scenarios.slice(0, count).forEach((s, i) => {
    const j = plans.indexOf(s.plan, i);
    if (j > i) [plans[i], plans[j]] = [plans[j]!, plans[i]!];
  });

  const takenNames = new Set<string>(scenarios.map((s) => s.name));
  const takenDomains = new Set<string>(scenarios.map((s) => s.domain));
  const tams = staff.byRole.tam;
  const demoTam = tams[0]!;
  const tamWeights = tams.map((t, i) => ({ value: t, weight: i === 0 ? 1.3 : 1 }));

  // Contact counts are decided up front so the total is exact.
  const contactWeights = plans.map((p) => contactWeight[p] * rng.logNormal(1, 0.25));
  const contactCounts = exactCounts(rng, contactWeights, input.contactsTotal, 2);

  const profiles: AccountProfile[] = [];
  for (let index = 0; index < count; index++) {
    const plan = plans[index]!;
    const scenario = index < scenarios.length && scenarios[index]!.plan === plan ? scenarios[index]! : null;
    const salesRegion = scenario?.region ?? rng.weighted(regionWeights);
    const profile = regionProfiles[salesRegion];
    const timeZone = scenario?.timeZone ?? rng.pick(profile.timeZones);
    const hub = hubForTimeZone(timeZone);
    const company = scenario
      ? { name: scenario.name, domain: scenario.domain, currency: scenario.currency }
      : companyName(rng, salesRegion, takenNames, takenDomains);
    const risk = scenario?.risk ?? rng.normal(0, 1);
    const cloudRegion = rng.pick(profile.cloudRegions);

    // Seats and contract value: ARR = seats × price per seat × a negotiated factor, so it is log-normal.
    const model = seatModel[plan];
    const seatsLicensed = Math.round(clamp(rng.logNormal(model.median, model.sigma), model.min, model.max) / model.round) * model.round;
    const rate = currencyRate[company.currency] ?? 1;
    const arrMajor = Math.max(1200, Math.round((seatsLicensed * model.pricePerSeat * rng.logNormal(1, 0.25) * rate) / 100) * 100);

    // Contract: most customers are established (current term started in the past); ~8% are new.
    const newCustomerDays = scenario ? scenario.newCustomerDays : rng.chance(0.08) ? rng.int(3, 88) : null;
    let contractStart: string;
    let renewalDate: string;
    if (newCustomerDays !== null) {
      contractStart = isoDate(today - newCustomerDays * DAY_MS);
      renewalDate = addMonths(contractStart, 12);
    } else {
      const renewalInDays = scenario?.renewalInDays ?? rng.int(7, 540);
      renewalDate = isoDate(today + renewalInDays * DAY_MS);
      const term = renewalInDays > 358 ? rng.pick([24, 36]) : rng.chance(0.75) ? 12 : rng.pick([24, 36]);
      contractStart = addMonths(renewalDate, -term);
    }
    const renewalInDays = Math.round((Date.UTC(+renewalDate.slice(0, 4), +renewalDate.slice(5, 7) - 1, +renewalDate.slice(8, 10)) - today) / DAY_MS);
    const onboardingDay = newCustomerDays;
    const onboardingStage: Account['onboardingStage'] =
      newCustomerDays === null ? 'complete' : newCustomerDays < 14 ? 'kickoff' : newCustomerDays < 45 ? 'configuration' : 'adoption';

    let activation = clamp(0.82 - 0.1 * risk + rng.normal(0, 0.06), 0.25, 1.05);
    if (onboardingStage !== 'complete') activation *= 0.45 + (onboardingDay ?? 0) / 180;
    const seatsActive = Math.max(1, Math.round(seatsLicensed * activation));

    // Ownership: enterprise accounts have a dedicated TAM; half of business accounts have one; starter is pooled.
    const owner = scenario ? demoTam : plan === 'enterprise' ? rng.weighted(tamWeights) : plan === 'business' && rng.chance(0.5) ? rng.weighted(tamWeights) : null;
    const coverage: Account['coverage'] = plan === 'enterprise' ? 'dedicated' : 'pooled';

    const nps = plan === 'starter' && rng.chance(0.7) ? null : Math.round(clamp(rng.normal(38 - 18 * risk, 15), -100, 100));
    const csat = plan === 'starter' && rng.chance(0.4) ? null : Math.round(clamp(rng.normal(90 - 4 * risk, 3), 55, 100) * 10) / 10;

    let lastQbr: string | null = null;
    let nextQbr: string | null = null;
    let daysSinceQbr: number | null = null;
    if (onboardingStage !== 'complete') {
      nextQbr = addMonths(contractStart, 3);
    } else if (plan === 'enterprise' || (plan === 'business' && owner)) {
      const stale = rng.chance(plan === 'enterprise' ? clamp(0.1 + 0.1 * risk, 0.03, 0.6) : 0.35);
      daysSinceQbr = stale ? rng.int(130, 240) : rng.int(10, plan === 'enterprise' ? 95 : 170);
      lastQbr = isoDate(today - daysSinceQbr * DAY_MS);
      nextQbr = daysSinceQbr < 91 ? isoDate(today + (91 - daysSinceQbr) * DAY_MS) : rng.chance(0.6) ? isoDate(today + rng.int(5, 30) * DAY_MS) : null;
    }

    // Contacts: the decision unit first (economic buyer, champion, technical admins), then end users.
    const championLeft = scenario ? scenario.championLeft : risk > 1.2 && rng.chance(0.3);
    const nContacts = contactCounts[index]!;
    const contacts: ContactInfo[] = [];
    const contactRows: Contact[] = [];
    const emails = new Set<string>();
    const admins = Math.max(1, Math.round(nContacts * 0.15));
    for (let c = 0; c < nContacts; c++) {
      const role: Contact['role'] =
        c === 0 ? 'economic_buyer' : c === 1 && !championLeft ? 'champion' : c <= admins + (championLeft ? 0 : 1) ? 'technical_admin' : 'end_user';
      const person = personName(rng, salesRegion);
      let local = `${asciiSlug(person.first)}.${asciiSlug(person.last)}`;
      for (let n = 2; emails.has(local); n++) local = `${asciiSlug(person.first)}.${asciiSlug(person.last)}${n}`;
      emails.add(local);
      const title = rng.pick(titlesByRole[role]);
      const id = rng.uuid();
      contacts.push({ id, name: person.full, first: person.first, title, role });
      contactRows.push({
        id,
        accountId: '',
        name: person.full,
        email: `${local}@${company.domain}`,
        title,
        role,
        phone: role === 'end_user' && rng.chance(0.5) ? null : phoneNumber(rng, salesRegion),
        version: 1,
        updatedAt: now - rng.int(1, 400) * DAY_MS,
      });
    }
    const champion = contacts.find((c) => c.role === 'champion') ?? null;

    const ticketTrendPercent = Math.round(100 * (Math.exp(0.25 * risk + rng.normal(0, 0.15)) - 1));
    const breaches90d = Math.max(0, Math.round(rng.normal((plan === 'starter' ? 0.3 : 1) + 1.5 * risk, 1)));
    const weeklyActivePercent = Math.round(clamp(rng.normal(70 - 10 * risk, 8), 10, 98));
    const health = healthFromInputs({
      plan,
      seatsLicensed,
      seatsActive,
      weeklyActivePercent,
      ticketTrendPercent,
      breaches90d,
      nps,
      csat,
      lastQbr,
      daysSinceQbr,
      champion,
      renewalInDays,
      onboardingStage,
      onboardingDay,
    });

    const id = rng.uuid();
    for (const row of contactRows) row.accountId = id;
    const account: Account = {
      id,
      name: company.name,
      domain: company.domain,
      plan,
      arrMinor: arrMajor * 100,
      currency: company.currency,
      contractStart,
      renewalDate,
      seatsLicensed,
      seatsActive,
      region: salesRegion,
      timeZone,
      ownerId: owner?.id ?? null,
      coverage,
      slaPolicyId: input.policyFor(plan, hub),
      ...health,
      nps,
      csat,
      onboardingStage,
      lastQbr,
      nextQbr,
      version: 1,
      updatedAt: now - rng.int(0, 14) * DAY_MS - rng.int(0, 86_399) * 1000,
    };

    const seatsFactor = Math.pow(seatsLicensed / model.median, 0.3);
    const ticketWeight =
      ticketRate[plan] * seatsFactor * Math.exp(0.35 * risk) * (scenario?.ticketBoost ?? 1) * (onboardingStage === 'complete' ? 1 : 1.5);
    profiles.push({ account, index, hub, salesRegion, cloudRegion, risk, ticketWeight, contacts, contactRows });
  }
  return profiles;
}
