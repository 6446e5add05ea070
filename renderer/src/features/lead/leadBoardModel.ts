import type { Agent, Team, Ticket } from '../../../../shared/domain';

/**
 * The lead board's list: open tickets of the team, already sorted by time to breach, grouped by owner or by
 * team and flattened into header and ticket items for one virtualised list. Groups are ordered by their most
 * urgent ticket, so the group that breaches first is on top. Built once per data change, never per tick.
 */
export type LeadGroupBy = 'agent' | 'team';

export interface LeadRowInput {
  readonly ticket: Ticket;
  /** Absolute due instant of the most urgent counting clock (null: paused or no clock). */
  readonly dueAt: number | null;
}

export type LeadBoardItem<R extends LeadRowInput = LeadRowInput> =
  | { kind: 'group'; key: string; label: string; count: number; firstDueAt: number | null }
  | { kind: 'ticket'; key: string; row: R };

export const unassignedKey = 'unassigned';
export const noTeamKey = 'no-team';

export function groupKeyOf(row: LeadRowInput, groupBy: LeadGroupBy, agents: ReadonlyMap<string, Agent>): string {
  if (groupBy === 'agent') return row.ticket.ownerId ?? unassignedKey;
  return row.ticket.teamId ?? (row.ticket.ownerId ? agents.get(row.ticket.ownerId)?.teamId : null) ?? noTeamKey;
}

export function buildLeadBoardItems<R extends LeadRowInput>(
  rows: readonly R[],
  groupBy: LeadGroupBy,
  agents: ReadonlyMap<string, Agent>,
  teams: ReadonlyMap<string, Team>,
): LeadBoardItem<R>[] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = groupKeyOf(row, groupBy, agents);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  const label = (key: string): string => {
    if (groupBy === 'agent') return key === unassignedKey ? 'Unassigned' : (agents.get(key)?.name ?? 'Unknown agent');
    return key === noTeamKey ? 'No team' : (teams.get(key)?.name ?? 'Unknown team');
  };
  // Insertion order follows the (sorted) rows, so groups come out ordered by their most urgent ticket.
  const items: LeadBoardItem<R>[] = [];
  for (const [key, list] of groups) {
    items.push({ kind: 'group', key: `g:${key}`, label: label(key), count: list.length, firstDueAt: list[0]?.dueAt ?? null });
    for (const row of list) items.push({ kind: 'ticket', key: row.ticket.id, row });
  }
  return items;
}

/** The teams a lead looks after: every team they lead, and their own. */
export function ledTeamIds(agent: Pick<Agent, 'id' | 'teamId'>, teams: Iterable<Team>): Set<string> {
  const ids = new Set<string>();
  if (agent.teamId) ids.add(agent.teamId);
  for (const team of teams) if (team.leadId === agent.id) ids.add(team.id);
  return ids;
}

/** Whether a ticket belongs to one of the teams: its team, or (without one) its owner's team. */
export function isTeamTicket(ticket: Ticket, teamIds: ReadonlySet<string>, agents: ReadonlyMap<string, Agent>): boolean {
  if (ticket.teamId !== null) return teamIds.has(ticket.teamId);
  const ownerTeam = ticket.ownerId !== null ? agents.get(ticket.ownerId)?.teamId : null;
  return ownerTeam !== null && ownerTeam !== undefined && teamIds.has(ownerTeam);
}
