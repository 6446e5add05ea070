import { describe, expect, it } from 'vitest';
import type { Agent, Ticket } from '../../../../shared/domain';
import { TicketIndex } from '../queue/ticketIndex';
import { noSla, type SlaSnapshot } from '../sla/slaSnapshot';
import { isTeamTicket } from './leadBoardModel';
import { candidateSeverities } from './attainmentProtocol';
import { attainmentCandidates, openLeadRows, teamSlotTest } from './leadBoardRows';

const now = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;
const agent = (id: string, teamId: string | null) => ({ id, name: id, teamId }) as Agent;
const agents = new Map([agent('ann', 'pod-a'), agent('bob', 'pod-b'), agent('cy', null)].map((a) => [a.id, a]));

function ticket(id: string, p: Partial<Ticket>): Ticket {
  return { id, number: 1, status: 'open', severity: 3, ownerId: null, teamId: null, createdAt: now - DAY, updatedAt: now - DAY, solvedAt: null, ...p } as Ticket;
}

const tickets = [
  ticket('t-a-open', { teamId: 'pod-a', status: 'open' }),
  ticket('t-b-pending', { teamId: 'pod-b', status: 'pending_customer', severity: 1 }),
  ticket('t-ann-new', { ownerId: 'ann', status: 'new' }),
  ticket('t-bob-hold', { ownerId: 'bob', status: 'on_hold' }),
  ticket('t-nobody', { status: 'open' }),
  ticket('t-cy', { ownerId: 'cy', status: 'open' }),
  ticket('t-a-solved-recent', { teamId: 'pod-a', status: 'solved', solvedAt: now - 2 * DAY, updatedAt: now - 2 * DAY }),
  ticket('t-a-closed-old', { teamId: 'pod-a', status: 'closed', createdAt: now - 90 * DAY, solvedAt: now - 60 * DAY, updatedAt: now - 50 * DAY }),
  ticket('t-ann-solved-recent', { ownerId: 'ann', status: 'solved', solvedAt: now - DAY }),
];
// Due instants decide the order: the index keeps rows by time to breach.
const dueAt: Record<string, number> = { 't-a-open': now + 3 * 3600_000, 't-b-pending': now + 3600_000, 't-ann-new': now - 60_000, 't-cy': now + 7200_000 };
const snapshot = (t: Ticket): SlaSnapshot =>
  dueAt[t.id] === undefined ? noSla : { metric: 'first_response', dueAt: dueAt[t.id]!, warnAt: null, paused: false, met: false };

function indexOf(list: readonly Ticket[]): TicketIndex {
  const index = new TicketIndex(snapshot);
  index.replaceAll(list);
  return index;
}

describe('openLeadRows', () => {
  it('every open ticket of every team, in time-to-breach order, with its due instant', () => {
    const rows = openLeadRows(indexOf(tickets), null);
    expect(rows.map((r) => r.ticket.id)).toEqual(['t-ann-new', 't-b-pending', 't-cy', 't-a-open', 't-bob-hold', 't-nobody']);
    expect(rows[0]!.dueAt).toBe(now - 60_000);
    expect(rows.at(-1)!.dueAt).toBeNull();
  });

  it('a team’s open tickets: its own, and those without a team whose owner is on it (as isTeamTicket says)', () => {
    const index = indexOf(tickets);
    for (const teams of [['pod-a'], ['pod-b'], ['pod-a', 'pod-b'], ['pod-c']]) {
      const teamIds = new Set(teams);
      const ids = openLeadRows(index, teamSlotTest(index, teamIds, agents)).map((r) => r.ticket.id);
      const expected = openLeadRows(index, null)
        .filter((r) => isTeamTicket(r.ticket, teamIds, agents))
        .map((r) => r.ticket.id);
      expect(ids).toEqual(expected);
    }
    expect(openLeadRows(index, teamSlotTest(index, new Set(['pod-a']), agents)).map((r) => r.ticket.id)).toEqual(['t-ann-new', 't-a-open']);
  });

  it('keeps a row’s object while its ticket and SLA are unchanged, and replaces it when either changes', () => {
    const index = indexOf(tickets);
    const before = openLeadRows(index, null);
    index.upsert([{ ...tickets[0]!, subject: 'changed' }]);
    const after = openLeadRows(index, null);
    const byId = (rows: typeof before, id: string) => rows.find((r) => r.ticket.id === id);
    expect(byId(after, 't-b-pending')).toBe(byId(before, 't-b-pending'));
    expect(byId(after, 't-a-open')).not.toBe(byId(before, 't-a-open'));
    index.recomputeSla();
    expect(byId(openLeadRows(index, null), 't-b-pending')).not.toBe(byId(after, 't-b-pending'));
  });
});

describe('attainmentCandidates', () => {
  const since = now - 37 * DAY;

  const scan = (index: TicketIndex, teamIds: string[] | null, sliceMs?: number) =>
    attainmentCandidates(index, { teamTest: () => (teamIds ? teamSlotTest(index, new Set(teamIds), agents) : null), since, cancelled: () => false, sliceMs });
  // What the worker reads from the request.
  const received = async (candidates: ReturnType<typeof scan>) => candidateSeverities(structuredClone((await candidates)!));

  it('open tickets and those solved since the window began, with their severity', async () => {
    const list = await received(scan(indexOf(tickets), null));
    expect([...list.keys()].sort()).toEqual(
      ['t-a-open', 't-b-pending', 't-ann-new', 't-bob-hold', 't-nobody', 't-cy', 't-a-solved-recent', 't-ann-solved-recent'].sort(),
    );
    expect(list.get('t-b-pending')).toBe(1);
    expect(list.get('t-a-open')).toBe(3);
  });

  it('only the team’s, by the same rule as the board', async () => {
    const index = indexOf(tickets);
    const list = await received(scan(index, ['pod-a']));
    expect([...list.keys()].sort()).toEqual(['t-a-open', 't-a-solved-recent', 't-ann-new', 't-ann-solved-recent']);
    expect((await received(scan(index, ['pod-c']))).size).toBe(0);
  });

  it('the fingerprint follows the list, not the order the index keeps it in', async () => {
    const index = indexOf(tickets);
    const fingerprint = async (of: TicketIndex) => (await scan(of, null))!.fingerprint;
    const first = await fingerprint(index);
    // A new due instant reorders the rows but leaves the candidates as they were.
    dueAt['t-nobody'] = now - 3 * 3600_000;
    try {
      index.recomputeSla();
      expect(openLeadRows(index, null)[0]!.ticket.id).toBe('t-nobody');
      expect(await fingerprint(index)).toBe(first);
    } finally {
      delete dueAt['t-nobody'];
    }
    index.upsert([{ ...tickets[1]!, severity: 2 }]);
    const severityChanged = await fingerprint(index);
    expect(severityChanged).not.toBe(first);
    index.remove(['t-cy']);
    expect(await fingerprint(index)).not.toBe(severityChanged);
    expect(await fingerprint(indexOf(tickets.slice().reverse()))).toBe(await fingerprint(indexOf(tickets)));
  });

  it('in slices: a change of the index between them starts the pass over, a cancel stops it', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ticket(`t-${i}`, { status: i % 2 ? 'open' : 'solved', solvedAt: i % 2 ? null : now - DAY }));
    const index = indexOf(many);
    // No time budget: it yields after every 1,024 rows, and the index changes at the first yield.
    const pass = scan(index, null, 0);
    index.upsert([ticket('t-late', { status: 'open' })]);
    expect((await received(pass)).has('t-late')).toBe(true);
    let calls = 0;
    const stopped = attainmentCandidates(index, { teamTest: () => null, since, cancelled: () => ++calls > 0, sliceMs: 0 });
    expect(await stopped).toBeNull();
  });
});
