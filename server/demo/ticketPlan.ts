/**
 * The shape of the ticket history before any text is written: when each ticket was created (business-hour
 * bias in the customer's time zone, weekday bias, slow growth), by which account, with which severity,
 * status class and message count. Kept in typed arrays so the large set (100,000 tickets) stays small, and
 * decided up front so that the totals are exact and ticket numbers follow creation order.
 */
import type { Severity } from '../../shared/domain/primitives';
import type { AccountProfile } from './accounts';
import { DAY_MS, HOUR_MS, MINUTE_MS, dailyUtcOffsetMinutes, weekdayOfEpochDay } from './dates';
import { clamp, type Random } from './random';

/** Status classes the plan decides; solved becomes closed later if it was solved long enough ago. */
export const planStatuses = ['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering', 'solved'] as const;
export type PlanStatus = (typeof planStatuses)[number];

const minMessages: Readonly<Record<PlanStatus, number>> = {
  new: 1,
  open: 1,
  pending_customer: 2,
  on_hold: 3,
  waiting_engineering: 3,
  solved: 2,
};
const maxMessages: Readonly<Record<PlanStatus, number>> = {
  new: 2,
  open: 24,
  pending_customer: 24,
  on_hold: 24,
  waiting_engineering: 24,
  solved: 24,
};

/** Target shares of Sev 1..4 (DOMAIN.md: Sev 1 is rare). */
export const severityShares: readonly [number, number, number, number] = [0.02, 0.13, 0.45, 0.4];
const baseMessages: Readonly<Record<Severity, number>> = { 1: 9, 2: 6, 3: 4, 4: 3 };

export const HISTORY_DAYS = 120;

export interface IncidentWindow {
  readonly startedAt: number;
  readonly mitigatedAt: number;
  /** Indexes of the affected accounts. */
  readonly affected: readonly number[];
}

export interface TicketPlan {
  readonly count: number;
  readonly createdAt: Float64Array;
  readonly account: Int32Array;
  readonly severity: Uint8Array;
  readonly status: Uint8Array;
  readonly messages: Uint8Array;
  /** 1 when the ticket was filed because of the incident. */
  readonly incident: Uint8Array;
}

/** Cumulative weights for O(log n) weighted picks among thousands of accounts. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

function pickCumulative(rng: Random, cum: Float64Array): number {
  const r = rng.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A creation instant: a weekday-biased day of the window, then a local time with business-hour bias. */
function creationTime(rng: Random, dayCum: Float64Array, firstDay: number, timeZone: string, now: number): number {
  for (;;) {
    const day = firstDay + pickCumulative(rng, dayCum);
    const localMinute = rng.chance(0.85) ? clamp(rng.normal(13 * 60, 160), 6.5 * 60, 20.5 * 60) : rng.float(0, 24 * 60);
    const approx = day * DAY_MS + localMinute * MINUTE_MS;
    const at = Math.round(approx - dailyUtcOffsetMinutes(timeZone, approx) * MINUTE_MS);
    // Round to the second, as a mail server or a web form would stamp it.
    const stamped = Math.floor(at / 1000) * 1000;
    if (stamped < now - 2 * MINUTE_MS && stamped >= (firstDay - 1) * DAY_MS) return stamped;
  }
}

function unsolvedProbability(ageMs: number, severity: Severity): number {
  const h = ageMs / HOUR_MS;
  const p = h < 4 ? 0.95 : h < 24 ? 0.75 : h < 72 ? 0.45 : h < 168 ? 0.25 : h < 336 ? 0.1 : h < 720 ? 0.04 : 0.01;
  return severity === 1 && h >= 4 ? p * 0.4 : p;
}

export function planTickets(
  rng: Random,
  accounts: readonly AccountProfile[],
  total: number,
  messagesTotal: number,
  now: number,
  incident: IncidentWindow | null,
): TicketPlan {
  const today = Math.floor(now / DAY_MS);
  const firstDay = today - (HISTORY_DAYS - 1);
  // Weekends get a fifth of a weekday's volume; volume grows ~20% over the window.
  const dayWeights: number[] = [];
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const wd = weekdayOfEpochDay(firstDay + d);
    dayWeights.push((wd >= 5 ? 0.22 : 1) * (1 + (0.2 * d) / HISTORY_DAYS));
  }
  const dayCum = cumulative(dayWeights);
  const accountCum = cumulative(accounts.map((a) => a.ticketWeight));

  const created = new Float64Array(total);
  const account = new Int32Array(total);
  const incidentFlag = new Uint8Array(total);
  let k = 0;

  // Tickets the incident caused: affected accounts write in while it lasts (enterprise almost always).
  if (incident) {
    const cap = Math.max(3, Math.round(total * 0.006));
    for (const idx of incident.affected) {
      if (k >= cap) break;
      const plan = accounts[idx]!.account.plan;
      if (!rng.chance(plan === 'enterprise' ? 0.9 : plan === 'business' ? 0.5 : 0.15)) continue;
      const span = incident.mitigatedAt - incident.startedAt;
      const offset = Math.min(span - MINUTE_MS, 4 * MINUTE_MS + rng.exponential(span / 4));
      created[k] = Math.floor((incident.startedAt + offset) / 1000) * 1000;
      account[k] = idx;
      incidentFlag[k] = 1;
      k++;
    }
  }
  const incidentCount = k;
  for (; k < total; k++) {
    const idx = pickCumulative(rng, accountCum);
    account[k] = idx;
    created[k] = creationTime(rng, dayCum, firstDay, accounts[idx]!.account.timeZone, now);
  }

  // Ticket numbers follow creation order, so sort everything by creation time.
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => created[a]! - created[b]! || a - b);
  const plan: TicketPlan = {
    count: total,
    createdAt: new Float64Array(total),
    account: new Int32Array(total),
    severity: new Uint8Array(total),
    status: new Uint8Array(total),
    messages: new Uint8Array(total),
    incident: new Uint8Array(total),
  };
  order.forEach((from, to) => {
    plan.createdAt[to] = created[from]!;
    plan.account[to] = account[from]!;
    plan.incident[to] = incidentFlag[from]!;
  });

  // Severity: incident tickets are Sev 1 (enterprise) or Sev 2; the rest are drawn so the totals hit the shares.
  let incidentSev1 = 0;
  let incidentSev2 = 0;
  for (let i = 0; i < total; i++) {
    if (!plan.incident[i]) continue;
    const enterprise = accounts[plan.account[i]!]!.account.plan === 'enterprise';
    plan.severity[i] = enterprise ? 1 : 2;
    if (enterprise) incidentSev1++;
    else incidentSev2++;
  }
  const regular = total - incidentCount;
  const shares = [
    Math.max(0, severityShares[0] * total - incidentSev1),
    Math.max(0, severityShares[1] * total - incidentSev2),
    severityShares[2] * total,
    severityShares[3] * total,
  ];
  const severityChoices = shares.map((w, i) => ({ value: (i + 1) as Severity, weight: w / Math.max(1, regular) }));
  const statusIndex = (s: PlanStatus) => planStatuses.indexOf(s);
  for (let i = 0; i < total; i++) {
    if (!plan.incident[i]) plan.severity[i] = rng.weighted(severityChoices);
    const severity = plan.severity[i] as Severity;
    const age = now - plan.createdAt[i]!;
    let status: PlanStatus = 'solved';
    if (!plan.incident[i] && rng.chance(unsolvedProbability(age, severity))) {
      if ((age < 2 * HOUR_MS && rng.chance(0.6)) || (age < DAY_MS && rng.chance(0.3)) || (age < 3 * DAY_MS && rng.chance(0.05))) status = 'new';
      else
        status = rng.weighted([
          { value: 'open' as const, weight: 45 },
          { value: 'pending_customer' as const, weight: 30 },
          { value: 'on_hold' as const, weight: severity <= 2 ? 2 : 8 },
          { value: 'waiting_engineering' as const, weight: severity <= 2 ? 25 : 15 },
        ]);
    }
    plan.status[i] = statusIndex(status);
    const min = minMessages[status];
    const max = maxMessages[status];
    const base = status === 'new' ? 1 : status === 'solved' ? baseMessages[severity] : Math.max(min, baseMessages[severity] - 1);
    plan.messages[i] = clamp(Math.round(base * rng.logNormal(1, 0.35)), min, max);
  }

  // Make the message total exact by nudging random tickets within their bounds.
  let diff = messagesTotal - plan.messages.reduce((s, n) => s + n, 0);
  let guard = 0;
  while (diff !== 0) {
    if (++guard > 50 * total + 1_000_000) throw new Error(`demo: cannot reach ${messagesTotal} messages for ${total} tickets`);
    const i = rng.int(0, total - 1);
    const status = planStatuses[plan.status[i]!]!;
    const n = plan.messages[i]!;
    if (diff > 0 && n < maxMessages[status]) {
      plan.messages[i] = n + 1;
      diff--;
    } else if (diff < 0 && n > minMessages[status]) {
      plan.messages[i] = n - 1;
      diff++;
    }
  }
  return plan;
}
