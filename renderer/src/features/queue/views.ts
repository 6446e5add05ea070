import {
  channels,
  planTiers,
  severities,
  ticketStatuses,
  tiers,
  type Account,
  type Agent,
  type Channel,
  type PlanTier,
  type Severity,
  type Ticket,
  type TicketStatus,
  type Tier,
} from '../../../../shared/domain';
import { agentTier } from '../../../../shared/domain';
import { slaStateAt, slaStates, type SlaSnapshot, type SlaState } from '../sla/slaSnapshot';
import { daysUntil } from '../../ui/format';
import type { TicketIndex } from './ticketIndex';

/** A queue filter. Every list is "any of"; absent or empty means no condition. */
export interface QueueFilter {
  statuses?: TicketStatus[];
  severities?: Severity[];
  tiers?: Tier[];
  /** 'me', 'unassigned', or an agent id. */
  owners?: string[];
  teamIds?: string[];
  plans?: PlanTier[];
  /** Ticket carries at least one of these tags. */
  tags?: string[];
  channels?: Channel[];
  slaStates?: SlaState[];
  /** Due (or overdue) within this many ms; tickets without a running clock never match. */
  dueWithinMs?: number;
  /** Account renews within N days from now (and has not passed). */
  renewalWithinDays?: number;
  accountId?: string;
}

export interface QueueView {
  id: string;
  name: string;
  group: 'Mine' | 'Unassigned' | 'Tiers' | 'Attention' | 'Accounts' | 'Saved';
  filter: QueueFilter;
}

export const unsolvedStatuses: TicketStatus[] = ['new', 'open', 'pending_customer', 'on_hold', 'waiting_engineering'];
const activeStatuses: TicketStatus[] = ['new', 'open', 'on_hold', 'waiting_engineering'];

export const BREACHING_SOON_MS = 2 * 3600_000;

/** The built-in views, with the agent's own tier first among the unassigned queues. */
export function builtInViews(agent: Pick<Agent, 'role'>): QueueView[] {
  const own = agentTier(agent.role);
  const tierOrder: Tier[] = own ? [own, ...tiers.filter((t) => t !== own)] : [...tiers];
  return [
    { id: 'my-open', name: 'My open tickets', group: 'Mine', filter: { owners: ['me'], statuses: unsolvedStatuses } },
    ...tierOrder.map<QueueView>((t) => ({
      id: `unassigned-t${t}`,
      name: `Unassigned · Tier ${t}`,
      group: 'Unassigned',
      filter: { owners: ['unassigned'], tiers: [t], statuses: unsolvedStatuses },
    })),
    ...tiers.map<QueueView>((t) => ({ id: `tier-${t}`, name: `Tier ${t}`, group: 'Tiers', filter: { tiers: [t], statuses: unsolvedStatuses } })),
    { id: 'breaching-soon', name: 'Breaching soon', group: 'Attention', filter: { statuses: activeStatuses, dueWithinMs: BREACHING_SOON_MS } },
    { id: 'waiting-customer', name: 'Waiting on customer', group: 'Attention', filter: { statuses: ['pending_customer'] } },
    { id: 'sev-1-2', name: 'Sev 1 & Sev 2', group: 'Attention', filter: { severities: [1, 2], statuses: unsolvedStatuses } },
  ];
}

export interface FilterContext {
  agentId: string;
  now: number;
  accountsById: ReadonlyMap<string, Pick<Account, 'renewalDate'>>;
}

/** Two contexts give every filter the same answer (a remounted screen builds a new, equal context). */
export function sameFilterContext(a: FilterContext, b: FilterContext): boolean {
  return a.agentId === b.agentId && a.now === b.now && a.accountsById === b.accountsById;
}

export interface FilterableRow {
  ticket: Ticket;
  sla: SlaSnapshot;
}

/**
 * Compiles a filter into one predicate. Lists become Sets once, so a view switch over 100,000 rows
 * is one pass of cheap lookups.
 */
export function compileFilter(filter: QueueFilter, ctx: FilterContext): (row: FilterableRow) => boolean {
  const checks: Array<(row: FilterableRow) => boolean> = [];
  const set = <T,>(xs: readonly T[] | undefined): Set<T> | null => (xs && xs.length > 0 ? new Set(xs) : null);
  const statuses = set(filter.statuses);
  if (statuses) checks.push((r) => statuses.has(r.ticket.status));
  const sevs = set(filter.severities);
  if (sevs) checks.push((r) => sevs.has(r.ticket.severity));
  const tierSet = set(filter.tiers);
  if (tierSet) checks.push((r) => tierSet.has(r.ticket.tier));
  if (filter.owners && filter.owners.length > 0) {
    const ids = new Set(filter.owners.map((o) => (o === 'me' ? ctx.agentId : o)));
    const unassigned = ids.has('unassigned');
    checks.push((r) => (r.ticket.ownerId === null ? unassigned : ids.has(r.ticket.ownerId)));
  }
  const teams = set(filter.teamIds);
  if (teams) checks.push((r) => r.ticket.teamId !== null && teams.has(r.ticket.teamId));
  const plans = set(filter.plans);
  if (plans) checks.push((r) => plans.has(r.ticket.plan));
  const tags = set(filter.tags);
  if (tags) checks.push((r) => r.ticket.tags.some((t) => tags.has(t)));
  const chans = set(filter.channels);
  if (chans) checks.push((r) => chans.has(r.ticket.channel));
  const sla = set(filter.slaStates);
  if (sla) checks.push((r) => sla.has(slaStateAt(r.sla, ctx.now)));
  if (filter.dueWithinMs !== undefined) {
    const limit = ctx.now + filter.dueWithinMs;
    checks.push((r) => r.sla.dueAt !== null && r.sla.dueAt <= limit);
  }
  if (filter.renewalWithinDays !== undefined) {
    const n = filter.renewalWithinDays;
    const renewing = new Set<string>();
    for (const [id, a] of ctx.accountsById) {
      const d = daysUntil(a.renewalDate, ctx.now);
      if (d >= 0 && d <= n) renewing.add(id);
    }
    checks.push((r) => renewing.has(r.ticket.accountId));
  }
  if (filter.accountId) {
    const id = filter.accountId;
    checks.push((r) => r.ticket.accountId === id);
  }
  if (checks.length === 0) return () => true;
  return (row) => {
    for (const c of checks) if (!c(row)) return false;
    return true;
  };
}

/** A lookup table by code: table[code] === 1 when the code is wanted. */
function codeTable<T>(values: readonly T[] | undefined, all: readonly T[], codeOf: (v: T) => number = (v) => all.indexOf(v)): Uint8Array | null {
  if (!values || values.length === 0) return null;
  const table = new Uint8Array(256);
  for (const v of values) {
    const c = codeOf(v);
    if (c >= 0 && c < 256) table[c] = 1;
  }
  return table;
}

/**
 * The same filter as `compileFilter`, compiled against the index's typed columns: the predicate takes a slot.
 * Tags are the one condition that reads the row itself. (queueIndex.test.ts checks both agree.)
 */
export function compileSlotFilter(filter: QueueFilter, ctx: FilterContext, index: TicketIndex): (slot: number) => boolean {
  const c = index.columns;
  const checks: Array<(slot: number) => boolean> = [];
  const statuses = codeTable(filter.statuses, ticketStatuses);
  if (statuses) checks.push((s) => statuses[c.status[s]!] === 1);
  const sevs = codeTable(filter.severities, severities, (v) => v);
  if (sevs) checks.push((s) => sevs[c.severity[s]!] === 1);
  const tierTable = codeTable(filter.tiers, tiers, (v) => v);
  if (tierTable) checks.push((s) => tierTable[c.tier[s]!] === 1);
  if (filter.owners && filter.owners.length > 0) {
    const codes = new Set(filter.owners.map((o) => (o === 'unassigned' ? -1 : index.owners.lookup(o === 'me' ? ctx.agentId : o))));
    if (codes.size === 1) {
      const only = [...codes][0]!;
      checks.push((s) => c.owner[s] === only);
    } else checks.push((s) => codes.has(c.owner[s]!));
  }
  if (filter.teamIds && filter.teamIds.length > 0) {
    const codes = new Set(filter.teamIds.map((t) => index.teams.lookup(t)));
    checks.push((s) => c.team[s] !== -1 && codes.has(c.team[s]!));
  }
  const plans = codeTable(filter.plans, planTiers);
  if (plans) checks.push((s) => plans[c.plan[s]!] === 1);
  const chans = codeTable(filter.channels, channels);
  if (chans) checks.push((s) => chans[c.channel[s]!] === 1);
  if (filter.slaStates && filter.slaStates.length > 0) {
    const wanted = new Set(filter.slaStates);
    const now = ctx.now;
    checks.push((s) => {
      const due = c.dueAt[s]!;
      const warn = c.warnAt[s]!;
      const state: SlaState = due === due ? (now >= due ? 'breached' : warn === warn && now >= warn ? 'warning' : 'ok') : c.paused[s] ? 'paused' : 'none';
      return wanted.has(state);
    });
  }
  if (filter.dueWithinMs !== undefined) {
    const limit = ctx.now + filter.dueWithinMs;
    // NaN (no clock) compares false.
    checks.push((s) => c.dueAt[s]! <= limit);
  }
  if (filter.renewalWithinDays !== undefined) {
    const n = filter.renewalWithinDays;
    const renewing = new Set<number>();
    for (const [id, a] of ctx.accountsById) {
      const d = daysUntil(a.renewalDate, ctx.now);
      if (d >= 0 && d <= n) renewing.add(index.accounts.lookup(id));
    }
    checks.push((s) => renewing.has(c.account[s]!));
  }
  if (filter.accountId) {
    const code = index.accounts.lookup(filter.accountId);
    checks.push((s) => c.account[s] === code);
  }
  const tags = filter.tags && filter.tags.length > 0 ? new Set(filter.tags) : null;
  if (tags) checks.push((s) => index.rowAtSlot(s).ticket.tags.some((t) => tags.has(t)));
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  if (checks.length === 2) {
    const [a, b] = checks as [(s: number) => boolean, (s: number) => boolean];
    return (s) => a(s) && b(s);
  }
  return (slot) => {
    for (const check of checks) if (!check(slot)) return false;
    return true;
  };
}

/** Options for the saved-view builder. */
export const filterOptions = { statuses: ticketStatuses, severities, tiers, plans: planTiers, channels, slaStates } as const;

/** A short human summary of a filter, for the toolbar and the saved-views list. */
export function describeFilter(filter: QueueFilter, agentName: (id: string) => string): string {
  const parts: string[] = [];
  if (filter.statuses?.length) parts.push(`status ${filter.statuses.join('/')}`);
  if (filter.severities?.length) parts.push(`Sev ${filter.severities.join('/')}`);
  if (filter.tiers?.length) parts.push(`tier ${filter.tiers.join('/')}`);
  if (filter.owners?.length) parts.push(`owner ${filter.owners.map((o) => (o === 'me' || o === 'unassigned' ? o : agentName(o))).join('/')}`);
  if (filter.plans?.length) parts.push(`plan ${filter.plans.join('/')}`);
  if (filter.tags?.length) parts.push(`tags ${filter.tags.join('/')}`);
  if (filter.channels?.length) parts.push(`channel ${filter.channels.join('/')}`);
  if (filter.slaStates?.length) parts.push(`SLA ${filter.slaStates.join('/')}`);
  if (filter.dueWithinMs !== undefined) parts.push(`due within ${Math.round(filter.dueWithinMs / 60000)} min`);
  if (filter.renewalWithinDays !== undefined) parts.push(`renewal within ${filter.renewalWithinDays} d`);
  if (filter.teamIds?.length) parts.push(`${filter.teamIds.length} team(s)`);
  return parts.join(' · ') || 'all tickets';
}
