/**
 * The demo support organisation: tier 1 pods per region, tier 2 specialists, a tier 3 engineering liaison
 * pod, customer success (TAMs) and support operations; the six demo agents of ARCHITECTURE.md plus
 * agents without a login.
 */
import type { Agent, Role, Team } from '../../shared/domain/agent';
import type { Tier } from '../../shared/domain/primitives';
import type { SupportHub } from './calendars';
import { asciiSlug, personName, type SalesRegion } from './people';
import type { Random } from './random';

export type TeamKey = 't1_amer' | 't1_emea' | 't1_apac' | 't2_integrations' | 't2_platform' | 't3_engineering' | 'success' | 'operations';

const teamSpecs: ReadonlyArray<{ key: TeamKey; name: string; tier: Tier | null }> = [
  { key: 't1_amer', name: 'Tier 1 — Americas', tier: 1 },
  { key: 't1_emea', name: 'Tier 1 — EMEA', tier: 1 },
  { key: 't1_apac', name: 'Tier 1 — APAC', tier: 1 },
  { key: 't2_integrations', name: 'Tier 2 — Integrations & Identity', tier: 2 },
  { key: 't2_platform', name: 'Tier 2 — Platform & Data', tier: 2 },
  { key: 't3_engineering', name: 'Tier 3 — Engineering Liaison', tier: 3 },
  { key: 'success', name: 'Customer Success', tier: null },
  { key: 'operations', name: 'Support Operations', tier: null },
];

/** The tier 1 pod that serves a hub (APAC and ANZ share a pod). */
export function tier1TeamForHub(hub: SupportHub): TeamKey {
  switch (hub) {
    case 'new_york':
      return 't1_amer';
    case 'berlin':
      return 't1_emea';
    case 'bengaluru':
    case 'sydney':
      return 't1_apac';
    default: {
      const unreachable: never = hub;
      throw new Error(`unknown hub ${String(unreachable)}`);
    }
  }
}

export const DEMO_PASSWORD = 'accord-demo';

interface DemoAgentSpec {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly team: TeamKey;
  readonly timeZone: string;
  readonly shift: readonly [string, string];
}

/** The six agents that can sign in (password `accord-demo`), one per role. */
export const demoLoginAgents: readonly DemoAgentSpec[] = [
  { email: 'tier1@accord.demo', name: 'Maya Chen', role: 'tier1', team: 't1_amer', timeZone: 'America/New_York', shift: ['08:00', '16:00'] },
  { email: 'tier2@accord.demo', name: 'Jonas Weber', role: 'tier2', team: 't2_integrations', timeZone: 'Europe/Berlin', shift: ['09:00', '17:00'] },
  { email: 'tier3@accord.demo', name: 'Arjun Iyer', role: 'tier3', team: 't3_engineering', timeZone: 'Asia/Kolkata', shift: ['10:00', '18:00'] },
  { email: 'tam@accord.demo', name: 'Olivia Bennett', role: 'tam', team: 'success', timeZone: 'America/Chicago', shift: ['08:30', '17:00'] },
  { email: 'lead@accord.demo', name: 'Daniel Okafor', role: 'lead', team: 'operations', timeZone: 'America/New_York', shift: ['09:00', '17:30'] },
  { email: 'admin@accord.demo', name: 'Sam Rivera', role: 'admin', team: 'operations', timeZone: 'America/Los_Angeles', shift: ['09:00', '17:00'] },
];

export const demoLoginEmails: ReadonlySet<string> = new Set(demoLoginAgents.map((a) => a.email));

/** How many agents without a login each role gets, per size. */
const extraAgentsBySize = {
  small: { tier1: 5, tier2: 3, tier3: 1, tam: 2, lead: 1, admin: 0 },
  large: { tier1: 14, tier2: 7, tier3: 3, tam: 4, lead: 2, admin: 0 },
} as const satisfies Record<'small' | 'large', Record<Role, number>>;

const podLocations: Readonly<Record<TeamKey, ReadonlyArray<{ tz: string; region: SalesRegion }>>> = {
  t1_amer: [
    { tz: 'America/New_York', region: 'NA' },
    { tz: 'America/Chicago', region: 'NA' },
    { tz: 'America/Los_Angeles', region: 'NA' },
    { tz: 'America/Sao_Paulo', region: 'LATAM' },
  ],
  t1_emea: [
    { tz: 'Europe/Berlin', region: 'EMEA' },
    { tz: 'Europe/Dublin', region: 'EMEA' },
    { tz: 'Europe/Lisbon', region: 'EMEA' },
  ],
  t1_apac: [
    { tz: 'Asia/Kolkata', region: 'APAC' },
    { tz: 'Asia/Manila', region: 'APAC' },
    { tz: 'Australia/Sydney', region: 'APAC' },
  ],
  t2_integrations: [
    { tz: 'Europe/Berlin', region: 'EMEA' },
    { tz: 'America/New_York', region: 'NA' },
    { tz: 'Asia/Kolkata', region: 'APAC' },
  ],
  t2_platform: [
    { tz: 'America/Chicago', region: 'NA' },
    { tz: 'Europe/London', region: 'EMEA' },
  ],
  t3_engineering: [
    { tz: 'Asia/Kolkata', region: 'APAC' },
    { tz: 'America/Los_Angeles', region: 'NA' },
    { tz: 'Europe/Berlin', region: 'EMEA' },
  ],
  success: [
    { tz: 'America/New_York', region: 'NA' },
    { tz: 'Europe/London', region: 'EMEA' },
    { tz: 'Australia/Sydney', region: 'APAC' },
  ],
  operations: [{ tz: 'America/New_York', region: 'NA' }],
};

const shifts: ReadonlyArray<readonly [string, string]> = [
  ['07:00', '15:00'],
  ['08:00', '16:00'],
  ['09:00', '17:00'],
  ['10:00', '18:00'],
  ['12:00', '20:00'],
];

export interface Staff {
  readonly teams: Team[];
  readonly agents: Agent[];
  readonly teamIds: Readonly<Record<TeamKey, string>>;
  /** Agents by role, demo login agent first. */
  readonly byRole: Readonly<Record<Role, readonly Agent[]>>;
  /** Agents by team. */
  readonly byTeam: Readonly<Record<TeamKey, readonly Agent[]>>;
  readonly demoAgentIds: ReadonlySet<string>;
}

export function generateStaff(rng: Random, size: 'small' | 'large', now: number): Staff {
  const teamIds = Object.fromEntries(teamSpecs.map((s) => [s.key, rng.uuid()])) as Record<TeamKey, string>;
  const agents: Agent[] = [];
  const agentTeam = new Map<string, TeamKey>();
  const emails = new Set<string>();
  const updatedAt = now - 30 * 86_400_000;

  for (const spec of demoLoginAgents) {
    const id = rng.uuid();
    emails.add(spec.email);
    agentTeam.set(id, spec.team);
    agents.push({
      id,
      email: spec.email,
      name: spec.name,
      role: spec.role,
      teamId: teamIds[spec.team],
      timeZone: spec.timeZone,
      shiftStart: spec.shift[0],
      shiftEnd: spec.shift[1],
      active: true,
      version: 1,
      updatedAt,
    });
  }

  const extra = extraAgentsBySize[size];
  const teamsForRole = (role: Role, i: number): TeamKey => {
    switch (role) {
      case 'tier1':
        return (['t1_amer', 't1_emea', 't1_apac'] as const)[i % 3]!;
      case 'tier2':
        return i % 2 === 0 ? 't2_platform' : 't2_integrations';
      case 'tier3':
        return 't3_engineering';
      case 'tam':
        return 'success';
      case 'lead':
      case 'admin':
        return 'operations';
      default: {
        const unreachable: never = role;
        throw new Error(`unknown role ${String(unreachable)}`);
      }
    }
  };
  for (const role of ['tier1', 'tier2', 'tier3', 'tam', 'lead', 'admin'] as const) {
    for (let i = 0; i < extra[role]; i++) {
      const team = teamsForRole(role, i);
      const location = rng.pick(podLocations[team]);
      const person = personName(rng, location.region);
      let email = `${asciiSlug(person.first)}.${asciiSlug(person.last)}@accord.demo`;
      for (let n = 2; emails.has(email); n++) email = `${asciiSlug(person.first)}.${asciiSlug(person.last)}${n}@accord.demo`;
      emails.add(email);
      const shift = rng.pick(shifts);
      const id = rng.uuid();
      agentTeam.set(id, team);
      agents.push({
        id,
        email,
        name: person.full,
        role,
        teamId: teamIds[team],
        timeZone: location.tz,
        shiftStart: shift[0],
        shiftEnd: shift[1],
        // One agent on leave shows that inactive agents exist (they own old tickets but get no new work).
        active: !(role === 'tier1' && i === 1),
        version: 1,
        updatedAt,
      });
    }
  }

  const byRole = { tier1: [], tier2: [], tier3: [], tam: [], lead: [], admin: [] } as Record<Role, Agent[]>;
  const byTeam = Object.fromEntries(teamSpecs.map((s) => [s.key, [] as Agent[]])) as Record<TeamKey, Agent[]>;
  for (const agent of agents) {
    byRole[agent.role].push(agent);
    byTeam[agentTeam.get(agent.id)!].push(agent);
  }

  const demoLead = byRole.lead[0]!;
  const otherLead = byRole.lead[1] ?? demoLead;
  const leadOf: Readonly<Record<TeamKey, string>> = {
    t1_amer: demoLead.id,
    t1_emea: otherLead.id,
    t1_apac: (byRole.lead[2] ?? otherLead).id,
    t2_integrations: demoLead.id,
    t2_platform: otherLead.id,
    t3_engineering: demoLead.id,
    success: demoLead.id,
    operations: demoLead.id,
  };
  const teams: Team[] = teamSpecs.map((s) => ({
    id: teamIds[s.key],
    name: s.name,
    leadId: leadOf[s.key],
    tier: s.tier,
    version: 1,
    updatedAt,
  }));

  return {
    teams,
    agents,
    teamIds,
    byRole,
    byTeam,
    demoAgentIds: new Set(agents.filter((a) => demoLoginEmails.has(a.email)).map((a) => a.id)),
  };
}
