/**
 * One ticket at a time, from its plan: topic, tier, channel, owner and collaborators, the message thread
 * with realistic timing (replies land in the SLA calendar's working time, mostly inside their targets),
 * the status history, the SLA events that history implies, and escalation packets.
 */
import type { Agent } from '../../shared/domain/agent';
import type { EscalationPacket } from '../../shared/domain/escalation';
import type { Message, MessageKind } from '../../shared/domain/message';
import type { Channel, Severity, Tier } from '../../shared/domain/primitives';
import type { BusinessCalendar, SlaEvent, SlaPolicy } from '../../shared/domain/sla';
import type { Ticket, TicketStatus, TicketStatusChange } from '../../shared/domain/ticket';
import { ticketStatusLabels } from '../../shared/domain/ticket';
import { addWorkingTime } from '../../shared/sla/calendar';
import { evaluateTicketSla, type TicketHistoryEvent } from '../../shared/sla/clocks';
import { slaPolicyForTicket } from '../../shared/sla/slaPolicyForTicket';
import { appendStatusEvents } from '../../shared/sla/statusHistory';
import type { AccountProfile, ContactInfo } from './accounts';
import { hubRegionTag } from './calendars';
import {
  agentGreetings,
  agentSignOffs,
  apiEndpoints,
  attachmentSamples,
  crmSystems,
  customerClosings,
  customerGreetings,
  customerSignOffs,
  emailHtml,
  fillTemplate,
  agentProgressUpdates,
  genericAgentUpdates,
  genericFollowUps,
  genericNotes,
  genericResolutions,
  identityProviders,
  productVersions,
  regionNames,
  supportTopics,
  topicLogLines,
  type SupportTopic,
} from './corpus';
import { DAY_MS, HOUR_MS, isoDate, MINUTE_MS } from './dates';
import type { Random } from './random';
import { tier1TeamForHub, type Staff, type TeamKey } from './staff';
import { planStatuses, type PlanStatus, type TicketPlan } from './ticketPlan';

export interface IncidentInfo {
  readonly id: string;
  readonly title: string;
  readonly startedAt: number;
  readonly cloudRegion: string;
}

export interface TicketWorld {
  readonly now: number;
  readonly staff: Staff;
  readonly accounts: readonly AccountProfile[];
  readonly policies: readonly SlaPolicy[];
  readonly calendars: ReadonlyMap<string, BusinessCalendar>;
  readonly incident: IncidentInfo | null;
  readonly slaEvents: boolean;
}

export interface GeneratedTicket {
  readonly ticket: Ticket;
  readonly messages: Message[];
  readonly escalations: EscalationPacket[];
  readonly slaEvents: SlaEvent[];
}

const integrationTopics = new Set(['sso', 'scim', 'crm_sync', 'webhook_delay', 'api_rate_limit', 'integrations', 'notifications']);
const technicalTopics = new Set(['sso', 'scim', 'api_rate_limit', 'webhook_delay', 'crm_sync', 'performance', 'outage', 'data_export', 'integrations', 'notifications', 'data_import']);
const outageTopic = supportTopics.find((t) => t.key === 'outage')!;

const channelWeights: ReadonlyArray<{ value: Channel; weight: number }> = [
  { value: 'email', weight: 45 },
  { value: 'portal', weight: 20 },
  { value: 'chat', weight: 12 },
  { value: 'phone', weight: 6 },
  { value: 'api', weight: 5 },
  { value: 'slack', weight: 12 },
];

const AUTO_CLOSE_MS = 4 * DAY_MS;

/** Picks within a team, giving the demo login agents a slightly bigger share so their queues are never empty. */
function pickAgent(rng: Random, agents: readonly Agent[], demoIds: ReadonlySet<string>, activeOnly: boolean): Agent {
  const pool = activeOnly ? agents.filter((a) => a.active) : agents;
  return rng.weighted(pool.map((a) => ({ value: a, weight: demoIds.has(a.id) ? 1.6 : 1 })));
}

interface Entry {
  kind: MessageKind;
  at: number;
  authorAgentId: string | null;
  authorContactId: string | null;
  /** What this message is in the conversation; decides its text. */
  role: 'opening' | 'followup' | 'confirm' | 'first_reply' | 'update' | 'resolution' | 'note' | 'escalation' | 'assignment' | 'collaborator' | 'incident' | 'on_hold' | 'waiting_engineering';
  /** Status the ticket moves to with this message, if any. */
  status?: TicketStatus;
}

export class TicketFactory {
  private readonly topicChoices: ReadonlyArray<ReadonlyArray<{ value: SupportTopic; weight: number }>>;
  private readonly cachedTeams = new Map<TeamKey, readonly Agent[]>();

  constructor(
    private readonly rng: Random,
    private readonly text: Random,
    private readonly world: TicketWorld,
  ) {
    this.topicChoices = [0, 1, 2, 3].map((s) => supportTopics.map((t) => ({ value: t, weight: t.weight * t.severity[s]! })));
  }

  private team(key: TeamKey): readonly Agent[] {
    let agents = this.cachedTeams.get(key);
    if (!agents) {
      agents = this.world.staff.byTeam[key];
      this.cachedTeams.set(key, agents);
    }
    return agents;
  }

  generate(plan: TicketPlan, i: number, id: string): GeneratedTicket {
    const { rng, world } = this;
    const { now, staff } = world;
    const profile = world.accounts[plan.account[i]!]!;
    const account = profile.account;
    const createdAt = plan.createdAt[i]!;
    const severity = plan.severity[i] as Severity;
    const planStatus: PlanStatus = planStatuses[plan.status[i]!]!;
    const nMessages = plan.messages[i]!;
    const fromIncident = plan.incident[i] === 1 && world.incident !== null;

    const topic = fromIncident ? outageTopic : rng.weighted(this.topicChoices[severity - 1]!);
    let tier = rng.weighted([
      { value: 1 as Tier, weight: topic.tier[0] * (severity === 1 ? 0.3 : severity === 4 ? 3 : 1) },
      { value: 2 as Tier, weight: topic.tier[1] },
      { value: 3 as Tier, weight: topic.tier[2] * (severity === 1 ? 2 : 1) },
    ]);
    if (planStatus === 'waiting_engineering' && tier === 1) tier = 2;
    if (planStatus === 'new') tier = 1;

    let channel = fromIncident ? rng.pick<Channel>(['phone', 'email', 'slack', 'portal']) : rng.weighted(channelWeights);
    if (channel === 'slack' && account.plan === 'starter') channel = 'email';
    if (severity === 1 && !fromIncident && rng.chance(0.3)) channel = 'phone';

    // Requester: technical topics come from admins more often; billing from buyers and finance.
    const contacts = profile.contacts;
    const admins = contacts.filter((c) => c.role === 'technical_admin');
    const requester: ContactInfo =
      technicalTopics.has(topic.key) && admins.length > 0 && rng.chance(0.55)
        ? rng.pick(admins)
        : topic.key === 'billing' && rng.chance(0.4)
          ? contacts[0]!
          : rng.pick(contacts);

    // Tags: the topic, the region that picks the SLA calendar, and what the console filters on.
    const tags = new Set<string>(topic.tags.slice(0, rng.int(2, topic.tags.length)));
    tags.add(hubRegionTag[profile.hub]);
    if (account.plan === 'enterprise' && account.coverage === 'dedicated' && rng.chance(0.35)) tags.add('vip');
    if (tier >= 2) tags.add('escalated');
    if (fromIncident) tags.add('incident');
    if (severity === 1) tags.add('sev1');
    if (profile.risk > 1.8 && rng.chance(0.5)) tags.add('renewal-risk');
    const tagList = [...tags];

    // Ownership: tier 1 pod of the customer's hub; escalations either hand over or add the specialist.
    const tier1 = pickAgent(rng, this.team(tier1TeamForHub(profile.hub)), staff.demoAgentIds, planStatus !== 'solved');
    const tier2Key: TeamKey = integrationTopics.has(topic.key) ? 't2_integrations' : 't2_platform';
    const tier2 = tier >= 2 ? pickAgent(rng, this.team(tier2Key), staff.demoAgentIds, planStatus !== 'solved') : null;
    const tier3 = tier >= 3 ? pickAgent(rng, this.team('t3_engineering'), staff.demoAgentIds, planStatus !== 'solved') : null;
    const handover = tier >= 2 && rng.chance(0.45);
    const specialist = tier3 ?? tier2;
    let owner: Agent | null = handover && specialist ? specialist : tier1;
    const collaborators = [tier1, tier2, tier3].filter((a): a is Agent => a !== null && a !== owner);
    const teamKey: TeamKey = tier === 1 ? tier1TeamForHub(profile.hub) : tier === 2 ? tier2Key : 't3_engineering';
    if (planStatus === 'new' && rng.chance(0.8)) owner = null;

    // The same choice the scanner and the console make (the account's contract, Sev 1 overlays first).
    const policy = slaPolicyForTicket(world.policies, account.slaPolicyId, { plan: account.plan, severity, channel, tags: tagList });
    const calendar = policy ? world.calendars.get(policy.calendarBySeverity?.[severity] ?? policy.calendarId)! : null;
    const targets = policy?.targets[severity] ?? {};

    const entries = this.thread({
      createdAt,
      severity,
      planStatus,
      nMessages,
      tier,
      risk: profile.risk,
      calendar,
      firstResponseMs: (targets.firstResponseMin ?? 480) * MINUTE_MS,
      nextResponseMs: (targets.nextResponseMin ?? 960) * MINUTE_MS,
      periodicMs: targets.periodicUpdateMin ? targets.periodicUpdateMin * MINUTE_MS : null,
      requester,
      contacts,
      owner,
      specialist: handover ? tier1 : specialist,
      fromIncident,
    });

    // Final status: solved tickets close automatically four days after solving.
    const last = entries[entries.length - 1]!;
    let status: TicketStatus = planStatus;
    let solvedAt: number | null = null;
    let closedAt: number | null = null;
    if (planStatus === 'solved') {
      solvedAt = last.at;
      if (now - solvedAt > AUTO_CLOSE_MS) {
        status = 'closed';
        closedAt = solvedAt + AUTO_CLOSE_MS;
      }
    }

    // Text: one set of variables per ticket keeps the thread consistent.
    const number = i + 1;
    const vars = this.variables(profile, requester, number, fromIncident ? world.incident : null, createdAt);
    // One variant per ticket: subject, opening, first reply (and aligned follow-ups) tell the same story.
    const variant = fromIncident ? this.text.pick([0, 2]) : this.text.int(0, topic.openings.length - 1);
    const messages = this.messages(entries, topic, variant, channel, vars, id, severity, owner, collaborators, requester, contacts);
    const subject = clamp300(fillTemplate(topic.subjects[variant]!, vars));

    let lastCustomerMessageAt: number | null = null;
    let lastAgentReplyAt: number | null = null;
    let awaitingReplySince: number | null = null;
    for (const m of messages) {
      if (m.kind === 'customer_message') {
        lastCustomerMessageAt = m.createdAt;
        // The opening request is covered by first response, not next response.
        if (awaitingReplySince === null && m.createdAt > createdAt) awaitingReplySince = m.createdAt;
      }
      if (m.kind === 'public_reply') {
        lastAgentReplyAt = m.createdAt;
        awaitingReplySince = null;
      }
    }
    const statusHistory = statusHistoryOf(createdAt, entries, closedAt);
    const statusChanges = statusHistory.length - 1;
    const ticket: Ticket = {
      id,
      number,
      subject,
      accountId: account.id,
      requesterId: requester.id,
      channel,
      status,
      severity,
      tier,
      ownerId: owner?.id ?? null,
      collaboratorIds: collaborators.map((a) => a.id),
      teamId: staff.teamIds[teamKey],
      tags: tagList,
      incidentId: fromIncident ? world.incident!.id : null,
      plan: account.plan,
      createdAt,
      updatedAt: closedAt ?? last.at,
      solvedAt,
      lastCustomerMessageAt,
      lastAgentReplyAt,
      awaitingReplySince,
      statusHistory,
      version: 1 + messages.length + statusChanges,
    };

    const slaEvents = world.slaEvents ? this.slaEvents(ticket, entries, account.slaPolicyId) : [];
    const escalations = this.escalations(ticket, entries, profile, topic, vars, tier1, tier2, tier3);
    return { ticket, messages, escalations, slaEvents };
  }

  /** Message kinds and times; text comes later. */
  private thread(p: {
    createdAt: number;
    severity: Severity;
    planStatus: PlanStatus;
    nMessages: number;
    tier: Tier;
    risk: number;
    calendar: BusinessCalendar | null;
    firstResponseMs: number;
    nextResponseMs: number;
    periodicMs: number | null;
    requester: ContactInfo;
    contacts: readonly ContactInfo[];
    owner: Agent | null;
    specialist: Agent | null;
    fromIncident: boolean;
  }): Entry[] {
    const { rng } = this;
    const { now } = this.world;
    const n = p.nMessages;
    const kinds: Entry['role'][] = ['opening'];
    if (p.planStatus === 'new') {
      for (let k = 1; k < n; k++) kinds.push('followup');
    } else {
      const tail: Entry['role'][] =
        p.planStatus === 'solved'
          ? ['resolution']
          : p.planStatus === 'pending_customer'
            ? ['update']
            : p.planStatus === 'on_hold'
              ? ['on_hold']
              : p.planStatus === 'waiting_engineering'
                ? ['waiting_engineering']
                : n === 1
                  ? []
                  : [rng.weighted([
                      { value: 'followup' as const, weight: 60 },
                      { value: 'note' as const, weight: 25 },
                      { value: 'update' as const, weight: 15 },
                    ])];
      const middle = n - 1 - tail.length;
      let prev: Entry['role'] = 'opening';
      let replied = false;
      for (let k = 0; k < middle; k++) {
        let next: Entry['role'];
        if (k === 0) next = p.fromIncident ? 'incident' : rng.chance(0.75) ? 'first_reply' : 'note';
        else if (k === 1 && p.tier >= 2 && middle >= 3) next = 'escalation';
        else if (prev === 'opening' || prev === 'followup') next = replied ? (rng.chance(0.75) ? 'update' : 'note') : rng.chance(0.8) ? 'first_reply' : 'note';
        else if (prev === 'first_reply' || prev === 'update' || prev === 'incident') {
          const periodic = p.severity <= 2 ? 0.3 : 0.08;
          next = rng.weighted([
            { value: 'followup' as const, weight: 0.72 - periodic },
            { value: 'note' as const, weight: 0.15 },
            { value: 'update' as const, weight: periodic },
            { value: 'collaborator' as const, weight: 0.05 },
            { value: 'assignment' as const, weight: 0.04 },
          ]);
        } else next = replied ? (rng.chance(0.7) ? 'update' : 'followup') : 'first_reply';
        if (next === 'update' && !replied) next = 'first_reply';
        if (next === 'first_reply' && replied) next = 'update';
        if (next === 'first_reply' || next === 'update' || next === 'incident') replied = true;
        kinds.push(next);
        prev = next;
      }
      // A solved ticket usually hears "that fixed it" right before the agent solves it.
      if (p.planStatus === 'solved' && kinds[kinds.length - 1] === 'followup' && rng.chance(0.7)) kinds[kinds.length - 1] = 'confirm';
      for (const role of tail) kinds.push(role === 'update' && !replied ? 'first_reply' : role);
    }

    // Times: agent replies land in the calendar's working time, mostly well inside their target.
    const work = (from: number, ms: number) => (p.calendar ? addWorkingTime(p.calendar, from, Math.max(1000, Math.round(ms))) : from + ms);
    const speed = Math.exp(0.15 * p.risk);
    const entries: Entry[] = [];
    let t = p.createdAt;
    let agentReplied = false;
    let lastKind: Entry['role'] = 'opening';
    for (const role of kinds) {
      let at: number;
      switch (role) {
        case 'opening':
          at = p.createdAt;
          break;
        case 'followup':
        case 'confirm':
          at = t + (lastKind === 'followup' || lastKind === 'opening' ? rng.logNormal(2 * HOUR_MS, 1) : rng.logNormal(5 * HOUR_MS, 1.1));
          break;
        case 'first_reply':
        case 'incident':
          at = Math.max(t + MINUTE_MS, work(p.createdAt, p.firstResponseMs * rng.logNormal(p.severity === 1 ? 0.4 : 0.33, 0.6) * speed));
          break;
        case 'update':
        case 'resolution':
          if (!agentReplied) at = Math.max(t + MINUTE_MS, work(p.createdAt, p.firstResponseMs * rng.logNormal(0.33, 0.6) * speed));
          else if (lastKind === 'followup' || lastKind === 'confirm') at = work(t, p.nextResponseMs * rng.logNormal(0.35, 0.65) * speed);
          else if (p.periodicMs !== null) at = work(t, p.periodicMs * rng.float(0.45, 0.95));
          else at = work(t, rng.logNormal(3 * HOUR_MS, 0.8));
          break;
        case 'note':
        case 'escalation':
          at = t + rng.logNormal(25 * MINUTE_MS, 0.9);
          break;
        case 'assignment':
        case 'collaborator':
        case 'on_hold':
        case 'waiting_engineering':
          at = t + rng.logNormal(40 * MINUTE_MS, 1);
          break;
        default: {
          const unreachable: never = role;
          throw new Error(`unknown role ${String(unreachable)}`);
        }
      }
      if (role !== 'opening') {
        at = Math.max(Math.round(at / 1000) * 1000, t + 1000);
        t = at;
      }
      const customer = role === 'opening' || role === 'followup' || role === 'confirm';
      const agentMessage = role === 'first_reply' || role === 'update' || role === 'resolution' || role === 'incident' || role === 'note';
      const author =
        agentMessage && p.specialist && agentReplied && rng.chance(0.35) ? p.specialist : agentMessage ? p.owner ?? p.specialist : null;
      entries.push({
        kind: customer ? 'customer_message' : role === 'note' ? 'internal_note' : agentMessage ? 'public_reply' : 'system_event',
        at,
        authorAgentId: author?.id ?? null,
        authorContactId: customer ? (role !== 'opening' && rng.chance(0.1) ? rng.pick(p.contacts).id : p.requester.id) : null,
        role,
      });
      if (role === 'first_reply' || role === 'update' || role === 'resolution' || role === 'incident') agentReplied = true;
      lastKind = role;
    }

    // Threads of recent tickets must end before now: squeeze their times into the time there was.
    // The last message lands somewhere in the time there was, not all of them a minute before now.
    const lastAt = entries[entries.length - 1]!.at;
    if (lastAt > now - MINUTE_MS) {
      const limit = now - MINUTE_MS - rng.float(0, 0.4) * (now - p.createdAt);
      const span = lastAt - p.createdAt;
      const room = Math.max(entries.length * 1000, limit - p.createdAt);
      let prevAt = p.createdAt;
      for (const e of entries) {
        if (e.role === 'opening') continue;
        e.at = Math.max(prevAt + 1000, Math.floor((p.createdAt + ((e.at - p.createdAt) * room) / span) / 1000) * 1000);
        prevAt = e.at;
      }
    }

    // Status history: the first agent touch opens the ticket, a reply that waits on the customer sets
    // pending, the customer's answer re-opens it, and the last message carries the final status.
    if (p.planStatus !== 'new') {
      let current = 'new' as TicketStatus;
      const set = (e: Entry, status: TicketStatus) => {
        if (status !== current) {
          e.status = status;
          current = status;
        }
      };
      if (entries.length === 1) set(entries[0]!, p.planStatus);
      for (let k = 1; k < entries.length; k++) {
        const e = entries[k]!;
        if (k === entries.length - 1) {
          set(e, p.planStatus);
          break;
        }
        if (current === 'new' && e.kind !== 'customer_message') set(e, 'open');
        else if (e.kind === 'customer_message' && current === 'pending_customer') set(e, 'open');
        if (e.role === 'escalation' && rng.chance(0.5)) set(e, 'waiting_engineering');
        else if ((e.role === 'first_reply' || e.role === 'update') && entries[k + 1]!.kind === 'customer_message' && rng.chance(0.5)) set(e, 'pending_customer');
      }
    }
    return entries;
  }

  private variables(profile: AccountProfile, requester: ContactInfo, number: number, incident: IncidentInfo | null, createdAt: number): Record<string, string> {
    const r = this.text;
    const region = incident?.cloudRegion ?? profile.cloudRegion;
    const at = incident ? incident.startedAt : createdAt - r.int(10, 180) * MINUTE_MS;
    const time = new Date(at).toISOString().slice(11, 16);
    const seatsBefore = profile.account.seatsLicensed;
    return {
      'contact.first': requester.first,
      'contact.name': requester.name,
      contactTitle: requester.title,
      'account.name': profile.account.name,
      'account.domain': profile.account.domain,
      'ticket.number': String(number),
      'agent.first': '',
      'agent.name': '',
      idp: r.pick(identityProviders),
      crm: r.pick(crmSystems),
      region,
      regionName: regionNames[region] ?? region,
      requestId: `req_${r.nextUint32().toString(16).padStart(8, '0')}${r.nextUint32().toString(16).padStart(8, '0')}`,
      hex4: r.nextUint32().toString(16).slice(0, 4).toUpperCase().padStart(4, '0'),
      n: String(r.int(3, 60)),
      users: String(r.pick([12, 25, 40, 80, 150, 300, 650, 1200].filter((u) => u <= Math.max(12, profile.account.seatsActive)))),
      time,
      date: isoDate(createdAt - r.int(0, 6) * DAY_MS),
      seconds: String(r.int(190, 900)),
      endpoint: r.pick(apiEndpoints),
      limit: String(r.pick([600, 1000, 2000, 5000])),
      burst: String(r.pick([100, 200, 400])),
      version: r.pick(productVersions),
      exportRows: r.pick(['2.4 million', '3.1 million', '5.8 million', '12 million', '850,000']),
      invoice: `INV-${new Date(createdAt).getUTCFullYear()}-${String(r.int(10_000, 99_999))}`,
      seatsBefore: String(seatsBefore),
      seatsAfter: String(seatsBefore + r.pick([5, 10, 20, 50])),
      phone: `${r.pick(['+1 312', '+1 646', '+44 20', '+49 30', '+61 2'])} 555 01${r.int(10, 99)}`,
      channelName: r.pick(['support-alerts', 'ops-notifications', 'cs-escalations', 'new-records']),
    };
  }

  private messages(
    entries: readonly Entry[],
    topic: SupportTopic,
    variant: number,
    channel: Channel,
    vars: Record<string, string>,
    ticketId: string,
    severity: Severity,
    owner: Agent | null,
    collaborators: readonly Agent[],
    requester: ContactInfo,
    contacts: readonly ContactInfo[],
  ): Message[] {
    const r = this.text;
    const aligned = (list: readonly string[]) => (list.length === topic.openings.length ? list[variant]! : r.pick(list));
    let followUps = 0;
    const agentsById = new Map<string, Agent>();
    for (const a of [owner, ...collaborators]) if (a) agentsById.set(a.id, a);
    const out: Message[] = [];
    const formal = channel === 'email' || channel === 'portal';
    let previousReply: { text: string; at: number; from: string } | null = null;
    let prevStatus: TicketStatus = 'new';
    let previousKind: MessageKind = 'customer_message';
    for (const e of entries) {
      const agent = e.authorAgentId ? agentsById.get(e.authorAgentId) : undefined;
      vars['agent.name'] = agent?.name ?? '';
      vars['agent.first'] = agent?.name.split(' ')[0] ?? '';
      const contact = e.authorContactId ? contacts.find((c) => c.id === e.authorContactId) ?? requester : requester;
      vars['contact.first'] = requester.first;
      vars['contact.name'] = requester.name;
      let body: string;
      let bodyFormat: Message['bodyFormat'] = 'text';
      const attachments: Message['attachments'] = [];
      const fill = (s: string) => fillTemplate(s, vars);
      switch (e.role) {
        case 'opening':
        case 'followup':
        case 'confirm': {
          const core = fill(
            e.role === 'opening'
              ? topic.openings[variant]!
              : e.role === 'confirm'
                ? r.chance(0.5) ? r.pick(customerClosings) : aligned(topic.followUps)
                : r.chance(followUps++ === 0 ? 0.6 : 0.3) ? aligned(topic.followUps) : r.pick(genericFollowUps),
          );
          const signVars = { ...vars, 'contact.first': contact.first, 'contact.name': contact.name, contactTitle: contact.title };
          const signature = fillTemplate(r.pick(['Thanks,\n{{contact.name}}', 'Best regards,\n{{contact.name}}\n{{contactTitle}}, {{account.name}}', 'Regards,\n{{contact.first}}']), signVars);
          if (channel === 'email' && r.chance(0.45)) {
            bodyFormat = 'html';
            body = emailHtml([fill(r.pick(customerGreetings)), core], {
              signature,
              trackingPixel: r.chance(0.1),
              ...(previousReply && e.role !== 'opening'
                ? { quoted: { from: previousReply.from, date: new Date(previousReply.at).toUTCString(), text: previousReply.text } }
                : {}),
            });
          } else if (formal) {
            body = `${r.pick(customerGreetings)}\n\n${core}\n\n${fillTemplate(r.pick(customerSignOffs), signVars)}`;
          } else if (channel === 'slack') {
            body = e.role === 'opening' ? `Hey team 👋 ${core}` : core;
          } else if (channel === 'phone' && e.role === 'opening') {
            body = `Phone call from ${contact.name} (${contact.title}):\n${core}`;
          } else {
            body = core;
          }
          if ((e.role === 'opening' && r.chance(0.18)) || r.chance(0.04)) attachments.push(this.attachment(topic.key));
          break;
        }
        case 'first_reply':
        case 'update':
        case 'resolution':
        case 'incident': {
          let core: string;
          if (e.role === 'incident') core = `${topic.replies[variant]!}\n\nThis ticket is now linked to our incident "${this.world.incident?.title ?? 'service disruption'}", so you will receive every status update here.`;
          else if (e.role === 'first_reply') core = topic.replies[variant]!;
          else if (e.role === 'resolution') core = topic.resolutions.length === topic.openings.length || r.chance(0.7) ? aligned(topic.resolutions) : r.pick(genericResolutions);
          else core = r.pick(previousKind === 'customer_message' ? genericAgentUpdates : agentProgressUpdates);
          core = fill(core);
          body = formal || channel === 'api' ? `${fill(r.pick(agentGreetings))}\n\n${core}\n\n${fill(r.pick(agentSignOffs))}` : core;
          previousReply = { text: body, at: e.at, from: `${vars['agent.name']} <support@accord.demo>` };
          break;
        }
        case 'note':
          body = fill(r.chance(0.65) ? aligned(topic.notes) : r.pick(genericNotes));
          if (severity <= 2 && r.chance(0.2)) body += '\nImpact confirmed with the customer; keeping updates on cadence.';
          break;
        case 'escalation':
          body = `Escalated to ${collaborators.length > 0 ? 'specialists' : 'tier 2'}: escalation packet accepted. ${collaborators.map((c) => c.name).join(', ')} added as collaborator${collaborators.length === 1 ? '' : 's'}.`;
          break;
        case 'assignment':
          body = `Ticket assigned to ${owner?.name ?? 'the queue'}.`;
          break;
        case 'collaborator':
          body = collaborators.length > 0 ? `${r.pick(collaborators).name} added as collaborator.` : 'Tag "follow-up" added.';
          break;
        case 'on_hold':
          body = `Status changed from ${ticketStatusLabels[prevStatus === 'on_hold' ? 'open' : prevStatus]} to On hold: ${r.pick(['waiting on the finance team', 'waiting on a third-party vendor', 'customer asked to pause until next sprint', 'scheduled maintenance window next week'])}.`;
          break;
        case 'waiting_engineering':
          body =
            prevStatus === 'waiting_engineering'
              ? `Engineering update: ENG-${r.int(1000, 9999)} is in progress; fix scheduled for the next release.`
              : `Status changed from ${ticketStatusLabels[prevStatus]} to Waiting on engineering: linked to ENG-${r.int(1000, 9999)}.`;
          break;
        default: {
          const unreachable: never = e.role;
          throw new Error(`unknown role ${String(unreachable)}`);
        }
      }
      if (e.status) prevStatus = e.status;
      if (e.kind !== 'internal_note' && e.kind !== 'system_event') previousKind = e.kind;
      out.push({
        id: r.uuidAt(e.at),
        ticketId,
        kind: e.kind,
        authorAgentId: e.kind === 'public_reply' || e.kind === 'internal_note' ? e.authorAgentId : null,
        authorContactId: e.kind === 'customer_message' ? e.authorContactId : null,
        body,
        bodyFormat,
        attachments,
        createdAt: e.at,
      });
    }
    return out;
  }

  private attachment(topicKey: string): Message['attachments'][number] {
    const r = this.text;
    const sample =
      topicKey === 'sso' ? attachmentSamples[2] : topicKey === 'performance' ? attachmentSamples[1] : topicKey === 'billing' ? attachmentSamples[4] : topicKey === 'data_import' || topicKey === 'crm_sync' ? attachmentSamples[5] : r.pick([attachmentSamples[0], attachmentSamples[3]]);
    return { name: sample.name, sizeBytes: r.int(sample.min, sample.max), contentType: sample.contentType };
  }

  private slaEvents(ticket: Ticket, entries: readonly Entry[], accountPolicyId: string | null): SlaEvent[] {
    const events: TicketHistoryEvent[] = [];
    for (let k = 1; k < entries.length; k++) {
      const e = entries[k]!;
      if (e.kind === 'customer_message') events.push({ at: e.at, kind: 'customer_message' });
      if (e.kind === 'public_reply') events.push({ at: e.at, kind: 'agent_public_reply' });
    }
    // The same status timeline the row carries, so the stored events and the console's clocks agree.
    appendStatusEvents(ticket, events);
    // Stable: at one instant the message comes before the status change it caused.
    events.sort((a, b) => a.at - b.at);
    return evaluateTicketSla(
      { ticketId: ticket.id, createdAt: ticket.createdAt, plan: ticket.plan, severity: ticket.severity, channel: ticket.channel, tags: ticket.tags, status: 'new', events },
      { policies: this.world.policies, accountPolicyId },
      this.world.calendars,
      this.world.now,
    ).events;
  }

  private escalations(
    ticket: Ticket,
    entries: readonly Entry[],
    profile: AccountProfile,
    topic: SupportTopic,
    vars: Record<string, string>,
    tier1: Agent,
    tier2: Agent | null,
    tier3: Agent | null,
  ): EscalationPacket[] {
    const r = this.rng;
    const unsolved = ticket.status !== 'solved' && ticket.status !== 'closed';
    // Tier 1 tickets still being worked sometimes have a packet waiting for tier 2 (or sent back).
    const pending = ticket.tier === 1 && unsolved && ticket.ownerId !== null && topic.tier[1] >= 3 && r.chance(0.2);
    if (ticket.tier === 1 && !pending) return [];
    const escalationEntry = entries.find((e) => e.role === 'escalation');
    const firstAgent = entries.find((e) => e.kind !== 'customer_message' && e !== entries[0]);
    const base = escalationEntry?.at ?? (firstAgent ? firstAgent.at + 10 * MINUTE_MS : ticket.createdAt + HOUR_MS);
    const packets: EscalationPacket[] = [];
    const make = (fromTier: 1 | 2, toTier: 2 | 3, createdBy: Agent, decider: Agent | null, createdAt: number, status: EscalationPacket['status']): EscalationPacket => {
      const submittedAt = status === 'draft' ? null : Math.min(this.world.now - 1000, createdAt + r.int(2, 20) * MINUTE_MS);
      const decidedAt = status === 'accepted' || status === 'returned' ? Math.min(this.world.now - 500, (submittedAt ?? createdAt) + r.logNormal(45 * MINUTE_MS, 0.8)) : null;
      return {
        id: r.uuidAt(createdAt),
        ticketId: ticket.id,
        fromTier,
        toTier,
        status,
        summary: `${ticket.subject} — ${profile.account.name} (${profile.account.plan}, Sev ${ticket.severity})`,
        logs: this.logLines(vars, createdAt, topic.key),
        reproductionSteps: reproductionFor(topic.key, vars),
        environment: {
          productVersion: vars.version!,
          platform: r.pick(['Web (Chrome 131, Windows 11)', 'Web (Edge 130, Windows 10)', 'Web (Safari 18, macOS 15)', 'REST API (Python requests 2.32)', 'REST API (Node.js 20, axios)']),
          integrations: topic.key === 'sso' || topic.key === 'scim' ? [vars.idp!] : topic.key === 'crm_sync' ? [vars.crm!] : topic.key === 'integrations' ? ['Jira Cloud', 'Slack'] : [],
          region: vars.region!,
        },
        alreadyTried: r.pick([
          'Verified the configuration against the setup article; reproduced with a test user; cleared caches and retried.',
          'Checked recent changes on the customer side (none reported); confirmed the issue in two browsers; collected request ids.',
          'Walked through the KB troubleshooting steps with the customer on a call; the error persists.',
        ]),
        impact: {
          usersAffected: Number(vars.users),
          businessImpact: ticket.severity <= 2 ? 'Production workflows affected; customer is escalating internally.' : 'Limited impact; a workaround is in place but not sustainable.',
          arrAtStakeMinor: profile.account.arrMinor,
          renewalDate: profile.account.renewalDate,
        },
        createdBy: createdBy.id,
        createdAt: Math.floor(createdAt / 1000) * 1000,
        submittedAt: submittedAt === null ? null : Math.floor(submittedAt / 1000) * 1000,
        decidedBy: decidedAt === null ? null : (decider?.id ?? null),
        decidedAt: decidedAt === null ? null : Math.floor(decidedAt / 1000) * 1000,
        returnReason: status === 'returned' ? r.pick(['Missing reproduction steps and the affected request ids.', 'No logs attached; please add the request ids and timestamps (UTC).', 'Impact statement missing: how many users, and is there a workaround?']) : null,
        version: status === 'draft' ? 1 : status === 'submitted' ? 2 : 3,
        updatedAt: Math.floor((decidedAt ?? submittedAt ?? createdAt) / 1000) * 1000,
      };
    };
    const at = Math.min(base, this.world.now - 5 * MINUTE_MS);
    if (pending) {
      const status = r.weighted([
        { value: 'submitted' as const, weight: 70 },
        { value: 'returned' as const, weight: 20 },
        { value: 'draft' as const, weight: 10 },
      ]);
      const decider = pickAgent(r, this.team(integrationTopics.has(topic.key) ? 't2_integrations' : 't2_platform'), this.world.staff.demoAgentIds, true);
      packets.push(make(1, 2, tier1, decider, at, status));
      return packets;
    }
    // Escalated tickets: sometimes a first packet was returned for missing evidence, then accepted.
    if (r.chance(0.15)) packets.push(make(1, 2, tier1, tier2, at - 90 * MINUTE_MS, 'returned'));
    packets.push(make(1, 2, tier1, tier2, at, 'accepted'));
    if (ticket.tier === 3 && tier2) packets.push(make(2, 3, tier2, tier3, at + r.logNormal(6 * HOUR_MS, 0.7), 'accepted'));
    return packets;
  }

  private logLines(vars: Record<string, string>, at: number, topicKey: string): string {
    const messages = topicLogLines[topicKey] ?? ['upstream timed out after 10000ms', 'request failed with status=500'];
    const r = this.rng;
    const lines: string[] = [];
    let t = at - r.int(5, 60) * MINUTE_MS;
    for (let k = 0; k < r.int(3, 7); k++) {
      t += r.int(1, 120) * 1000;
      const level = r.pick(['ERROR', 'WARN', 'ERROR', 'INFO']);
      lines.push(`${new Date(t).toISOString()} ${level} region=${vars.region} request_id=${vars.requestId} ${r.pick(messages)}`);
    }
    return lines.join('\n');
  }
}

function reproductionFor(topicKey: string, vars: Record<string, string>): string {
  switch (topicKey) {
    case 'sso':
      return `1. Open the login page and choose "Sign in with ${vars.idp}".\n2. Authenticate as an affected user.\n3. Observe the error on return (request id ${vars.requestId}).`;
    case 'api_rate_limit':
      return `1. Run the customer's sync job (${vars.endpoint}) with 8 parallel workers.\n2. Observe 429 responses within the first 10 seconds.`;
    case 'webhook_delay':
      return '1. Update a record.\n2. Compare the event timestamp with the delivery log.\n3. Delivery is retried after a timeout.';
    default:
      return '1. Sign in as an affected user.\n2. Repeat the action described in the ticket.\n3. Observe the error; request id in the logs below.';
  }
}

/** The row's status history: new at creation, then each entry's status, then the automatic close. */
function statusHistoryOf(createdAt: number, entries: readonly Entry[], closedAt: number | null): TicketStatusChange[] {
  const history: TicketStatusChange[] = [{ at: createdAt, status: 'new' }];
  for (const e of entries) if (e.status) history.push({ at: e.at, status: e.status });
  if (closedAt !== null) history.push({ at: closedAt, status: 'closed' });
  return history;
}

function clamp300(text: string): string {
  return text.length <= 300 ? text : `${text.slice(0, 297)}...`;
}
