import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/domain/account';
import type { Message } from '../../shared/domain/message';
import type { SyncEntity } from '../../shared/sync/entities';
import { entitySchemas } from '../db/entitySchemas';
import { generateAccounts } from './accounts';
import { supportTopics } from './corpus';
import { addMonths, DAY_MS, isoDate } from './dates';
import { articleSeeds, macroSeeds } from './knowledgeCorpus';
import { collectDemo, demoSizes, generateDemo, type DemoDataSet } from './generate';
import { Random } from './random';
import { demoLoginAgents, generateStaff } from './staff';
import { planStatuses, planTickets } from './ticketPlan';

/** A fixed present moment (the clock is the one fake at the edge). */
const NOW = Date.UTC(2025, 10, 20, 15, 30, 0);

function digest(data: DemoDataSet): string {
  const hash = createHash('sha256');
  for (const [entity, rows] of Object.entries(data)) hash.update(entity).update(JSON.stringify(rows));
  return hash.digest('hex');
}

let demo: DemoDataSet;
beforeAll(() => {
  demo = collectDemo('small', { now: NOW });
}, 60_000);

describe('generateDemo determinism', () => {
  it('gives byte-identical data for the same seed, size and now, and different data for another seed', () => {
    const again = collectDemo('small', { now: NOW });
    expect(digest(again)).toBe(digest(demo));
    const other = collectDemo('small', { now: NOW, seed: 7 });
    expect(digest(other)).not.toBe(digest(demo));
  }, 60_000);

  it('streams batches of at most the batch size, parents before children', () => {
    const seen = new Set<SyncEntity>();
    const order: SyncEntity[] = [];
    for (const batch of generateDemo('small', { now: NOW, batchSize: 250, slaEvents: false })) {
      expect(batch.rows.length).toBeGreaterThan(0);
      expect(batch.rows.length).toBeLessThanOrEqual(250);
      if (!seen.has(batch.entity)) order.push(batch.entity);
      seen.add(batch.entity);
      if (batch.entity === 'contact') expect(seen.has('account')).toBe(true);
      if (batch.entity === 'ticket') expect(seen.has('contact') && seen.has('agent') && seen.has('incident')).toBe(true);
    }
    expect(order.indexOf('message')).toBeGreaterThan(order.indexOf('ticket'));
    expect(seen.has('sla_event')).toBe(false);
  }, 60_000);
});

describe('small demo data set: sizes and ratios', () => {
  it('has the exact sizes of the small set', () => {
    const spec = demoSizes.small;
    expect(demo.account).toHaveLength(spec.accounts);
    expect(demo.contact).toHaveLength(spec.contacts);
    expect(demo.ticket).toHaveLength(spec.tickets);
    expect(demo.message).toHaveLength(spec.messages);
    expect(demo.incident).toHaveLength(1);
    expect(demo.knowledge_article.length).toBeGreaterThanOrEqual(38);
    expect(demo.macro).toHaveLength(12);
    expect(demo.business_calendar.map((c) => c.timeZone).sort()).toEqual(['America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/Berlin', 'UTC']);
    expect(demo.agent).toHaveLength(6 + 12);
  });

  it('splits plans 10 / 30 / 60 and currencies mostly USD', () => {
    const plans = count(demo.account, (a) => a.plan);
    expect(plans).toEqual({ enterprise: 6, business: 18, starter: 36 });
    const currencies = count(demo.account, (a) => a.currency);
    expect(currencies.USD! / demo.account.length).toBeGreaterThan(0.55);
    expect((currencies.EUR ?? 0) + (currencies.GBP ?? 0)).toBeGreaterThan(0);
  });

  it('spreads severities like DOMAIN.md (Sev 1 rare) and keeps most tickets solved', () => {
    const sev = count(demo.ticket, (t) => String(t.severity));
    const share = (k: string) => (sev[k] ?? 0) / demo.ticket.length;
    expect(share('1')).toBeGreaterThan(0.01);
    expect(share('1')).toBeLessThan(0.035);
    expect(share('2')).toBeGreaterThan(0.1);
    expect(share('2')).toBeLessThan(0.17);
    expect(share('3')).toBeGreaterThan(0.4);
    expect(share('3')).toBeLessThan(0.5);
    expect(share('4')).toBeGreaterThan(0.35);
    expect(share('4')).toBeLessThan(0.45);
    const status = count(demo.ticket, (t) => t.status);
    const done = ((status.solved ?? 0) + (status.closed ?? 0)) / demo.ticket.length;
    expect(done).toBeGreaterThan(0.85);
    expect(done).toBeLessThan(0.99);
    for (const s of ['new', 'open', 'pending_customer', 'waiting_engineering', 'solved', 'closed']) expect(status[s] ?? 0, s).toBeGreaterThan(0);
    const tiers = count(demo.ticket, (t) => String(t.tier));
    expect(tiers['1']! / demo.ticket.length).toBeGreaterThan(0.55);
    expect(tiers['3'] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(count(demo.ticket, (t) => t.channel)).sort()).toEqual(['api', 'chat', 'email', 'phone', 'portal', 'slack']);
  });

  it('creates tickets over the last 120 days, mostly on weekdays, numbered in creation order', () => {
    const oldest = Math.min(...demo.ticket.map((t) => t.createdAt));
    expect(NOW - oldest).toBeLessThanOrEqual(121 * DAY_MS);
    expect(NOW - oldest).toBeGreaterThan(110 * DAY_MS);
    const weekend = demo.ticket.filter((t) => [0, 6].includes(new Date(t.createdAt).getUTCDay())).length;
    expect(weekend / demo.ticket.length).toBeLessThan(0.15);
    demo.ticket.forEach((t, i) => {
      expect(t.number).toBe(i + 1);
      if (i > 0) expect(t.createdAt).toBeGreaterThanOrEqual(demo.ticket[i - 1]!.createdAt);
    });
  });
});

describe('small demo data set: validity', () => {
  it('parses every row with the domain schema of its entity, unchanged', () => {
    for (const [entity, rows] of Object.entries(demo) as [SyncEntity, unknown[]][]) {
      const schema = entitySchemas[entity];
      for (const row of rows) {
        const result = schema.safeParse(row);
        if (!result.success) throw new Error(`${entity} row does not parse: ${result.error.message}\n${JSON.stringify(row).slice(0, 500)}`);
        expect(result.data).toEqual(row);
      }
    }
  });

  it('keeps references intact', () => {
    const accounts = new Map(demo.account.map((a) => [a.id, a]));
    const contacts = new Map(demo.contact.map((c) => [c.id, c]));
    const agents = new Set(demo.agent.map((a) => a.id));
    const tickets = new Map(demo.ticket.map((t) => [t.id, t]));
    const teams = new Set(demo.team.map((t) => t.id));
    const policies = new Set(demo.sla_policy.map((p) => p.id));
    const calendars = new Set(demo.business_calendar.map((c) => c.id));
    for (const c of demo.contact) expect(accounts.has(c.accountId)).toBe(true);
    for (const a of demo.account) {
      if (a.ownerId) expect(agents.has(a.ownerId)).toBe(true);
      expect(policies.has(a.slaPolicyId!)).toBe(true);
    }
    for (const p of demo.sla_policy) expect(calendars.has(p.calendarId)).toBe(true);
    for (const t of demo.team) if (t.leadId) expect(agents.has(t.leadId)).toBe(true);
    for (const a of demo.agent) expect(teams.has(a.teamId!)).toBe(true);
    const incidentIds = new Set(demo.incident.map((i) => i.id));
    for (const t of demo.ticket) {
      const account = accounts.get(t.accountId);
      expect(account).toBeDefined();
      expect(t.plan).toBe(account!.plan);
      expect(contacts.get(t.requesterId!)?.accountId).toBe(t.accountId);
      if (t.ownerId) expect(agents.has(t.ownerId)).toBe(true);
      for (const id of t.collaboratorIds) expect(agents.has(id)).toBe(true);
      expect(t.collaboratorIds).not.toContain(t.ownerId);
      expect(teams.has(t.teamId!)).toBe(true);
      if (t.incidentId) expect(incidentIds.has(t.incidentId)).toBe(true);
    }
    for (const m of demo.message) {
      const ticket = tickets.get(m.ticketId);
      expect(ticket).toBeDefined();
      if (m.authorAgentId) expect(agents.has(m.authorAgentId)).toBe(true);
      if (m.authorContactId) expect(contacts.get(m.authorContactId)?.accountId).toBe(ticket!.accountId);
      if (m.kind === 'customer_message') expect(m.authorContactId).not.toBeNull();
      if (m.kind === 'public_reply' || m.kind === 'internal_note') expect(m.authorAgentId).not.toBeNull();
    }
    for (const e of demo.escalation) {
      expect(tickets.has(e.ticketId)).toBe(true);
      expect(agents.has(e.createdBy)).toBe(true);
      if (e.decidedBy) expect(agents.has(e.decidedBy)).toBe(true);
    }
    for (const e of demo.sla_event) expect(tickets.has(e.ticketId)).toBe(true);
    const ids = new Set<string>();
    for (const rows of Object.values(demo)) for (const row of rows as { id: string }[]) {
      expect(ids.has(row.id)).toBe(false);
      ids.add(row.id);
    }
  });

  it('tells consistent ticket histories: threads start at creation, stay in order and before now', () => {
    const byTicket = new Map<string, Message[]>();
    for (const m of demo.message) {
      const list = byTicket.get(m.ticketId) ?? [];
      list.push(m);
      byTicket.set(m.ticketId, list);
    }
    for (const t of demo.ticket) {
      const thread = byTicket.get(t.id)!;
      expect(thread.length).toBeGreaterThan(0);
      expect(thread[0]!.kind).toBe('customer_message');
      expect(thread[0]!.createdAt).toBe(t.createdAt);
      for (let i = 1; i < thread.length; i++) expect(thread[i]!.createdAt).toBeGreaterThan(thread[i - 1]!.createdAt);
      const last = thread[thread.length - 1]!;
      expect(last.createdAt).toBeLessThan(NOW);
      expect(t.updatedAt).toBeGreaterThanOrEqual(last.createdAt);
      const replies = thread.filter((m) => m.kind === 'public_reply');
      expect(t.lastAgentReplyAt).toBe(replies.length > 0 ? replies[replies.length - 1]!.createdAt : null);
      const solved = t.status === 'solved' || t.status === 'closed';
      expect(t.solvedAt !== null).toBe(solved);
      if (solved) expect(last.kind).toBe('public_reply');
      if (t.status === 'new') expect(thread.every((m) => m.kind === 'customer_message')).toBe(true);
      if (t.status !== 'new') expect(t.ownerId).not.toBeNull();
    }
  });

  it('fills every placeholder and writes realistic support text', () => {
    for (const m of demo.message) expect(m.body, m.body.slice(0, 200)).not.toMatch(/\{\{|\}\}/);
    for (const t of demo.ticket) expect(t.subject).not.toMatch(/\{\{|\}\}/);
    const text = demo.message.map((m) => m.body).join('\n');
    for (const phrase of ['SAML', '429', 'webhook', 'export', 'invoice', 'SCIM', 'Salesforce', 'audit log']) expect(text).toContain(phrase);
    const html = demo.message.filter((m) => m.bodyFormat === 'html');
    expect(html.length).toBeGreaterThan(50);
    expect(html.some((m) => m.body.includes('<blockquote'))).toBe(true);
    expect(demo.message.some((m) => m.kind === 'internal_note')).toBe(true);
    expect(demo.message.some((m) => m.kind === 'system_event')).toBe(true);
  });

  it('has the six demo login agents, one per role', () => {
    for (const spec of demoLoginAgents) {
      const agent = demo.agent.find((a) => a.email === spec.email);
      expect(agent?.role).toBe(spec.role);
    }
    expect(new Set(demo.agent.map((a) => a.email)).size).toBe(demo.agent.length);
  });
});

describe('small demo data set: accounts', () => {
  it('renews within the next 18 months from contracts that started in the past', () => {
    const today = isoDate(NOW);
    const limit = addMonths(today, 18);
    for (const a of demo.account) {
      expect(a.renewalDate > today).toBe(true);
      expect(a.renewalDate <= limit).toBe(true);
      expect(a.contractStart <= today).toBe(true);
      expect(a.seatsLicensed).toBeGreaterThan(0);
    }
    const spread = new Set(demo.account.map((a) => a.renewalDate.slice(0, 7)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('draws ARR log-normally per plan: enterprise > business > starter medians, right-skewed', () => {
    const byPlan = (plan: Account['plan']) => demo.account.filter((a) => a.plan === plan).map((a) => a.arrMinor);
    const ent = median(byPlan('enterprise'));
    const bus = median(byPlan('business'));
    const sta = median(byPlan('starter'));
    expect(ent).toBeGreaterThan(bus);
    expect(bus).toBeGreaterThan(sta);
    const starter = byPlan('starter');
    expect(mean(starter)).toBeGreaterThan(sta);
  });

  it('explains every health score by its components', () => {
    for (const a of demo.account) {
      const sum = a.healthComponents.reduce((s, c) => s + c.impact, 0);
      expect(a.healthScore).toBe(Math.max(0, Math.min(100, 62 + sum)));
      expect(a.healthBand).toBe(a.healthScore >= 70 ? 'green' : a.healthScore >= 45 ? 'yellow' : 'red');
    }
    const bands = count(demo.account, (a) => a.healthBand);
    expect(bands.green ?? 0).toBeGreaterThan(bands.red ?? 0);
    expect(bands.red ?? 0).toBeGreaterThan(0);
  });

  it('gives every account the decision unit: an economic buyer and technical admins', () => {
    for (const a of demo.account) {
      const roles = demo.contact.filter((c) => c.accountId === a.id).map((c) => c.role);
      expect(roles).toContain('economic_buyer');
      expect(roles.length).toBeGreaterThanOrEqual(2);
    }
    expect(demo.contact.some((c) => c.role === 'champion')).toBe(true);
    expect(demo.contact.some((c) => c.role === 'end_user')).toBe(true);
  });

  it('has one resolved past incident whose tickets come from affected accounts', () => {
    const incident = demo.incident[0]!;
    expect(incident.status).toBe('resolved');
    expect(incident.severity).toBe(1);
    expect(incident.timeline.some((u) => u.audience === 'public')).toBe(true);
    expect(incident.timeline.some((u) => u.audience === 'internal')).toBe(true);
    const linked = demo.ticket.filter((t) => t.incidentId === incident.id);
    expect(linked.length).toBeGreaterThan(0);
    for (const t of linked) {
      expect(incident.affectedAccountIds).toContain(t.accountId);
      expect(t.createdAt).toBeGreaterThanOrEqual(incident.startedAt);
      expect(t.createdAt).toBeLessThanOrEqual(incident.mitigatedAt!);
    }
  });

  it('records SLA history: every ticket starts a first-response clock and most are met', () => {
    const starts = demo.sla_event.filter((e) => e.metric === 'first_response' && e.kind === 'start').length;
    const breaches = demo.sla_event.filter((e) => e.metric === 'first_response' && e.kind === 'breach').length;
    expect(starts).toBe(demo.ticket.length);
    expect(breaches / starts).toBeGreaterThan(0.01);
    expect(breaches / starts).toBeLessThan(0.2);
  });
});

describe('corpus', () => {
  it('aligns each topic\'s subjects, openings and replies variant by variant', () => {
    for (const topic of supportTopics) {
      expect(topic.subjects.length, topic.key).toBe(topic.openings.length);
      expect(topic.replies.length, topic.key).toBe(topic.openings.length);
      expect(topic.resolutions.length).toBeGreaterThan(0);
    }
    expect(articleSeeds.length).toBeGreaterThanOrEqual(38);
    expect(macroSeeds).toHaveLength(12);
    const placeholders = macroSeeds.map((m) => m.body).join('\n');
    for (const p of ['{{contact.name}}', '{{account.name}}', '{{agent.name}}', '{{ticket.number}}']) expect(placeholders).toContain(p);
  });
});

describe('large demo data set: exact sizes', () => {
  it('plans exactly 5,000 accounts, 25,000 contacts, 100,000 tickets and 400,000 messages', () => {
    const spec = demoSizes.large;
    const rng = new Random(1);
    const staff = generateStaff(rng.fork('staff'), 'large', NOW);
    expect(staff.agents).toHaveLength(36);
    const accounts = generateAccounts(rng.fork('accounts'), { count: spec.accounts, contactsTotal: spec.contacts, now: NOW, staff, policyFor: () => rng.uuid() });
    expect(accounts).toHaveLength(5_000);
    expect(accounts.reduce((s, a) => s + a.contacts.length, 0)).toBe(25_000);
    expect(new Set(accounts.map((a) => a.account.name)).size).toBe(5_000);
    expect(count(accounts, (a) => a.account.plan)).toEqual({ enterprise: 500, business: 1_500, starter: 3_000 });
    const plan = planTickets(rng.fork('plan'), accounts, spec.tickets, spec.messages, NOW, null);
    expect(plan.count).toBe(100_000);
    expect(plan.messages.reduce((s, n) => s + n, 0)).toBe(400_000);
    const unsolved = plan.status.filter((s) => planStatuses[s] !== 'solved').length;
    expect(unsolved / plan.count).toBeGreaterThan(0.02);
    expect(unsolved / plan.count).toBeLessThan(0.1);
  }, 60_000);
});

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
