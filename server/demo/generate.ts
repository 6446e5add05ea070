/**
 * The deterministic demo data set: `generateDemo(size, { seed, now })` yields `{ entity, rows }` batches of
 * typed domain rows, parents before children (calendars, policies, teams, agents, accounts, contacts, the
 * incident, knowledge, macros, then tickets with their messages, escalations and SLA events in chunks).
 * Same seed, size and `now` → byte-identical rows. The large set is streamed: at most one chunk of tickets
 * and their messages exists at a time.
 */
import type { Account, Contact } from '../../shared/domain/account';
import type { Agent, Team } from '../../shared/domain/agent';
import type { EscalationPacket } from '../../shared/domain/escalation';
import type { Incident } from '../../shared/domain/incident';
import type { KnowledgeArticle, Macro } from '../../shared/domain/knowledge';
import type { Message } from '../../shared/domain/message';
import type { PlanTier } from '../../shared/domain/primitives';
import type { BusinessCalendar, SlaEvent, SlaPolicy } from '../../shared/domain/sla';
import type { Ticket } from '../../shared/domain/ticket';
import type { SyncEntity } from '../../shared/sync/entities';
import { generateAccounts, type AccountProfile } from './accounts';
import { demoCalendarSpecs, type SupportHub } from './calendars';
import { DAY_MS, HOUR_MS, MINUTE_MS, weekdayOfEpochDay } from './dates';
import { articleBody, articleSeeds, articleSlug, macroSeeds } from './knowledgeCorpus';
import { demoPolicySpecs } from './policies';
import { Random } from './random';
import { generateStaff, type Staff } from './staff';
import { planTickets, type IncidentWindow } from './ticketPlan';
import { TicketFactory, type IncidentInfo } from './tickets';

export type DemoSize = 'small' | 'large';

export interface DemoSizeSpec {
  readonly accounts: number;
  readonly contacts: number;
  readonly tickets: number;
  readonly messages: number;
}

/** Exact row counts of each size (the issue: small ≈ 60 accounts and 2,000 tickets; large exactly as below). */
export const demoSizes: Readonly<Record<DemoSize, DemoSizeSpec>> = {
  small: { accounts: 60, contacts: 300, tickets: 2_000, messages: 8_000 },
  large: { accounts: 5_000, contacts: 25_000, tickets: 100_000, messages: 400_000 },
};

export const DEFAULT_DEMO_SEED = 20_250_101;

/** The domain type of each entity's rows. */
export interface DemoRowTypes {
  business_calendar: BusinessCalendar;
  sla_policy: SlaPolicy;
  team: Team;
  agent: Agent;
  account: Account;
  contact: Contact;
  incident: Incident;
  knowledge_article: KnowledgeArticle;
  macro: Macro;
  ticket: Ticket;
  message: Message;
  escalation: EscalationPacket;
  sla_event: SlaEvent;
}

// Every synced entity has a row type here, and nothing else does.
type _Exhaustive = [SyncEntity] extends [keyof DemoRowTypes] ? ([keyof DemoRowTypes] extends [SyncEntity] ? true : never) : never;
const _exhaustive: _Exhaustive = true;
void _exhaustive;

export type DemoBatch = { [E in SyncEntity]: { readonly entity: E; readonly rows: DemoRowTypes[E][] } }[SyncEntity];

export type DemoDataSet = { [E in SyncEntity]: DemoRowTypes[E][] };

export interface GenerateDemoOptions {
  readonly seed?: number;
  /** The present moment of the data set (epoch ms): history ends here, renewals start here. */
  readonly now: number;
  /** Rows per batch (default 1,000). */
  readonly batchSize?: number;
  /** Compute each ticket's SLA events with the shared SLA engine (default true). */
  readonly slaEvents?: boolean;
}

function* chunks<E extends SyncEntity>(entity: E, rows: DemoRowTypes[E][], size: number): Generator<DemoBatch> {
  for (let i = 0; i < rows.length; i += size) yield { entity, rows: rows.slice(i, i + size) } as DemoBatch;
}

interface IncidentSetup {
  readonly incident: Incident;
  readonly info: IncidentInfo;
  readonly window: IncidentWindow;
}

const INCIDENT_REGION = 'eu-west-1';

/** One past Sev 1: a bad gateway config push in eu-west-1, with its timeline of internal and public updates. */
function generateIncident(rng: Random, now: number, staff: Staff, accounts: readonly AccountProfile[]): IncidentSetup {
  let day = Math.floor(now / DAY_MS) - 26;
  while (weekdayOfEpochDay(day) >= 5) day--;
  const startedAt = day * DAY_MS + 13 * HOUR_MS + 47 * MINUTE_MS;
  const at = (min: number) => startedAt + min * MINUTE_MS;
  const commander = staff.byRole.lead[0]!;
  const engineer = staff.byRole.tier3[0]!;
  const tier2 = staff.byRole.tier2[0]!;
  const affected = accounts.filter((a) => a.cloudRegion === INCIDENT_REGION).map((a) => a.index);
  const title = 'Elevated API errors and delayed webhooks in eu-west-1';
  const timeline: Incident['timeline'] = [
    { at: at(0), audience: 'internal', authorId: engineer.id, body: 'Alert: 5xx rate on api-gateway eu-west-1 at 18% (threshold 2%). Webhook delivery queue growing. Paging on-call.' },
    { at: at(6), audience: 'internal', authorId: commander.id, body: `Declared Sev 1. Commander: ${commander.name}. War room open in #inc-eu-gateway. Tier 1 pods: link incoming tickets to this incident.` },
    { at: at(12), audience: 'public', authorId: commander.id, body: 'We are investigating elevated error rates for API requests and delayed webhook deliveries for customers hosted in our EU (Ireland) region. Next update in 30 minutes.' },
    { at: at(35), audience: 'internal', authorId: engineer.id, body: 'Identified: config push to the gateway fleet at 13:41 UTC removed the route for tenant shard 7. Rolling back zone by zone.' },
    { at: at(42), audience: 'public', authorId: commander.id, body: 'We have identified the cause (a configuration change to our API gateway) and are rolling it back. Webhooks are queued, not lost, and will be delivered. Next update in 30 minutes.' },
    { at: at(50), audience: 'internal', authorId: tier2.id, body: 'Direct updates sent to the economic buyers of affected enterprise accounts (list in the war room). TAMs informed.' },
    { at: at(72), audience: 'public', authorId: commander.id, body: 'Rollback complete in two of three availability zones; error rates are decreasing. Next update in 30 minutes.' },
    { at: at(112), audience: 'public', authorId: commander.id, body: 'The fix is applied everywhere and error rates are back to normal. We are monitoring while delayed webhooks are delivered (current backlog about 40 minutes).' },
    { at: at(161), audience: 'public', authorId: commander.id, body: 'Resolved. All queued webhooks have been delivered and API error rates have been normal for 45 minutes. A root-cause analysis will follow within 5 business days.' },
    { at: at(3 * 24 * 60), audience: 'internal', authorId: commander.id, body: 'RCA published to affected accounts. Prevention: canary stage for gateway config, route-count check before rollout, alert on per-shard 5xx.' },
  ];
  const incident: Incident = {
    id: rng.uuid(),
    title,
    severity: 1,
    status: 'resolved',
    commanderId: commander.id,
    affectedAccountIds: affected.map((i) => accounts[i]!.account.id),
    updateCadenceMin: 30,
    timeline,
    rootCauseSummary:
      'A configuration change to the API gateway fleet in eu-west-1 (13:41 UTC) removed the route for one tenant shard. Requests for tenants on that shard failed with 503 and webhook deliveries were queued. The change was rolled back zone by zone; queued webhooks were delivered within 50 minutes of mitigation. Prevention: gateway config now rolls out through a canary stage with an automated route-count check, and per-shard 5xx rates page on-call.',
    startedAt,
    acknowledgedAt: at(6),
    mitigatedAt: at(112),
    resolvedAt: at(161),
    version: timeline.length + 3,
    updatedAt: at(3 * 24 * 60),
  };
  return { incident, info: { id: incident.id, title, startedAt, cloudRegion: INCIDENT_REGION }, window: { startedAt, mitigatedAt: at(112), affected } };
}

function generateKnowledge(rng: Random, now: number): KnowledgeArticle[] {
  return articleSeeds.map((seed) => ({
    id: rng.uuid(),
    title: seed.title,
    body: articleBody(seed),
    visibility: seed.visibility,
    tags: [...seed.tags],
    url: seed.visibility === 'public' ? `https://help.accord.demo/articles/${articleSlug(seed.title)}` : `https://wiki.accord.demo/support/${articleSlug(seed.title)}`,
    version: rng.int(1, 6),
    updatedAt: now - rng.int(2, 400) * DAY_MS - rng.int(0, 86_399) * 1000,
  }));
}

function generateMacros(rng: Random, now: number): Macro[] {
  return macroSeeds.map((seed) => ({
    id: rng.uuid(),
    name: seed.name,
    body: seed.body,
    kind: seed.kind,
    actions: { setStatus: seed.setStatus, addTags: [...seed.addTags] },
    version: rng.int(1, 4),
    updatedAt: now - rng.int(5, 300) * DAY_MS,
  }));
}

/** Streams the demo data set in batches, parents first. */
export function* generateDemo(size: DemoSize, options: GenerateDemoOptions): Generator<DemoBatch> {
  const spec = demoSizes[size];
  const now = Math.floor(options.now);
  const batchSize = options.batchSize ?? 1_000;
  const root = new Random(options.seed ?? DEFAULT_DEMO_SEED);
  const setupRng = root.fork('setup');
  const configUpdatedAt = now - 60 * DAY_MS;

  const calendars: BusinessCalendar[] = demoCalendarSpecs(now).map((c) => ({ id: setupRng.uuid(), ...c.calendar, version: 1, updatedAt: configUpdatedAt }));
  const calendarKeys = demoCalendarSpecs(now).map((c) => c.key);
  const calendarIdByKey = new Map(calendarKeys.map((k, i) => [k, calendars[i]!.id]));
  yield { entity: 'business_calendar', rows: calendars };

  const policySpecs = demoPolicySpecs();
  const policies: SlaPolicy[] = policySpecs.map((s) => {
    const { calendarKey, entitlement: _entitlement, ...rest } = s;
    return { id: setupRng.uuid(), ...rest, calendarId: calendarIdByKey.get(calendarKey)!, version: 1, updatedAt: configUpdatedAt };
  });
  const policyFor = (plan: PlanTier, hub: SupportHub): string => {
    const i = policySpecs.findIndex((s) => s.entitlement && s.entitlement.plan === plan && (s.entitlement.hub === null || s.entitlement.hub === hub));
    return policies[i]!.id;
  };
  yield { entity: 'sla_policy', rows: policies };

  const staff = generateStaff(root.fork('staff'), size, now);
  yield { entity: 'team', rows: staff.teams };
  yield* chunks('agent', staff.agents, batchSize);

  const accounts = generateAccounts(root.fork('accounts'), { count: spec.accounts, contactsTotal: spec.contacts, now, staff, policyFor });
  yield* chunks(
    'account',
    accounts.map((a) => a.account),
    batchSize,
  );
  let contactBatch: Contact[] = [];
  for (const profile of accounts) {
    for (const row of profile.contactRows ?? []) {
      contactBatch.push(row);
      if (contactBatch.length >= batchSize) {
        yield { entity: 'contact', rows: contactBatch };
        contactBatch = [];
      }
    }
    profile.contactRows = null;
  }
  if (contactBatch.length > 0) yield { entity: 'contact', rows: contactBatch };

  const incident = generateIncident(root.fork('incident'), now, staff, accounts);
  yield { entity: 'incident', rows: [incident.incident] };
  yield { entity: 'knowledge_article', rows: generateKnowledge(root.fork('knowledge'), now) };
  yield { entity: 'macro', rows: generateMacros(root.fork('macros'), now) };

  const plan = planTickets(root.fork('ticket-plan'), accounts, spec.tickets, spec.messages, now, incident.window);
  const ticketRng = root.fork('tickets');
  const factory = new TicketFactory(ticketRng, root.fork('text'), {
    now,
    staff,
    accounts,
    policies,
    calendars: new Map(calendars.map((c) => [c.id, c])),
    incident: incident.info,
    slaEvents: options.slaEvents ?? true,
  });
  for (let start = 0; start < plan.count; start += batchSize) {
    const tickets: Ticket[] = [];
    const messages: Message[] = [];
    const escalations: EscalationPacket[] = [];
    const slaEvents: SlaEvent[] = [];
    for (let i = start; i < Math.min(plan.count, start + batchSize); i++) {
      const generated = factory.generate(plan, i, ticketRng.uuidAt(plan.createdAt[i]!));
      tickets.push(generated.ticket);
      for (const m of generated.messages) messages.push(m);
      for (const e of generated.escalations) escalations.push(e);
      for (const e of generated.slaEvents) slaEvents.push(e);
    }
    yield { entity: 'ticket', rows: tickets };
    yield* chunks('message', messages, batchSize);
    if (escalations.length > 0) yield* chunks('escalation', escalations, batchSize);
    if (slaEvents.length > 0) yield* chunks('sla_event', slaEvents, batchSize);
  }
}

/** The whole data set in memory, by entity (tests and the small set; stream the large set with `generateDemo`). */
export function collectDemo(size: DemoSize, options: GenerateDemoOptions): DemoDataSet {
  const out = {
    business_calendar: [],
    sla_policy: [],
    team: [],
    agent: [],
    account: [],
    contact: [],
    incident: [],
    knowledge_article: [],
    macro: [],
    ticket: [],
    message: [],
    escalation: [],
    sla_event: [],
  } as DemoDataSet;
  for (const batch of generateDemo(size, options)) {
    const target = out[batch.entity] as unknown[];
    for (const row of batch.rows) target.push(row);
  }
  return out;
}
