import { describe, expect, it } from 'vitest';
import type { Agent, Team, Ticket } from '../../../../shared/domain';
import { buildLeadBoardItems, isTeamTicket, ledTeamIds, type LeadRowInput } from './leadBoardModel';

const agent = (id: string, name: string, teamId: string | null) => ({ id, name, teamId }) as Agent;
const agents = new Map([agent('a1', 'Ann', 'team1'), agent('a2', 'Bob', 'team2')].map((a) => [a.id, a]));
const teams = new Map([{ id: 'team1', name: 'Pod A' } as Team, { id: 'team2', name: 'Pod B' } as Team].map((t) => [t.id, t]));
const row = (id: string, ownerId: string | null, teamId: string | null, dueAt: number | null): LeadRowInput => ({
  ticket: { id, ownerId, teamId } as Ticket,
  dueAt,
});
// Already sorted by time to breach, as the ticket index keeps them.
const rows = [row('t1', 'a2', null, 10), row('t2', 'a1', 'team1', 20), row('t3', null, 'team1', 30), row('t4', 'a2', 'team2', null)];

describe('buildLeadBoardItems', () => {
  it('groups by agent, groups ordered by their most urgent ticket', () => {
    const items = buildLeadBoardItems(rows, 'agent', agents, teams);
    expect(items.map((i) => (i.kind === 'group' ? `[${i.label} ${i.count}]` : i.key))).toEqual([
      '[Bob 2]',
      't1',
      't4',
      '[Ann 1]',
      't2',
      '[Unassigned 1]',
      't3',
    ]);
  });

  it('groups by team, falling back to the owner’s team', () => {
    const items = buildLeadBoardItems(rows, 'team', agents, teams);
    expect(items.map((i) => (i.kind === 'group' ? `[${i.label} ${i.count}]` : i.key))).toEqual(['[Pod B 2]', 't1', 't4', '[Pod A 2]', 't2', 't3']);
  });

  it('team membership: the ticket’s team, else its owner’s', () => {
    expect(isTeamTicket(rows[0]!.ticket, new Set(['team2']), agents)).toBe(true);
    expect(isTeamTicket(rows[0]!.ticket, new Set(['team1']), agents)).toBe(false);
    expect(isTeamTicket(rows[2]!.ticket, new Set(['team1', 'team3']), agents)).toBe(true);
    expect(isTeamTicket(row('x', null, null, null).ticket, new Set(['team1']), agents)).toBe(false);
  });

  it('a lead looks after the teams they lead and their own', () => {
    const led = [{ id: 'team1', leadId: 'lead' } as Team, { id: 'team2', leadId: 'other' } as Team, { id: 'team3', leadId: 'lead' } as Team];
    expect([...ledTeamIds({ id: 'lead', teamId: 'ops' }, led)].sort()).toEqual(['ops', 'team1', 'team3']);
  });
});
