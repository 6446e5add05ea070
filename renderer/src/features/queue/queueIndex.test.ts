import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../shared/domain';
import { noSla, type SlaSnapshot } from '../sla/slaSnapshot';
import { compareByTimeToBreach, TicketIndex } from './ticketIndex';
import { viewRowsCache } from './viewRows';
import { builtInViews, compileFilter, compileSlotFilter, type FilterContext } from './views';

const now = Date.UTC(2026, 10, 23, 12);
const me = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const acct = (n: number) => `00000000-0000-4000-8000-1000000000${String(n).padStart(2, '0')}`;

let seq = 0;
function ticket(p: Partial<Ticket>): Ticket {
  seq++;
  return {
    id: `00000000-0000-4000-8000-2000000${String(seq).padStart(5, '0')}`,
    number: seq,
    subject: `Ticket ${seq}`,
    accountId: acct(1),
    requesterId: null,
    channel: 'email',
    status: 'open',
    severity: 3,
    tier: 1,
    ownerId: null,
    collaboratorIds: [],
    teamId: null,
    tags: [],
    incidentId: null,
    plan: 'business',
    createdAt: now - 3600_000,
    updatedAt: now - 60_000,
    solvedAt: null,
    lastCustomerMessageAt: null,
    lastAgentReplyAt: null,
    awaitingReplySince: null,
    statusHistory: [],
    version: 1,
    ...p,
  };
}

const dueIn = (ms: number): SlaSnapshot => ({ ...noSla, metric: 'first_response', dueAt: now + ms, warnAt: now + ms - 600_000 });

describe('queue views over the ticket index', () => {
  const slaById = new Map<string, SlaSnapshot>();
  const index = new TicketIndex((t) => slaById.get(t.id) ?? noSla);
  const mineUrgent = ticket({ ownerId: me, severity: 1 });
  const mineLater = ticket({ ownerId: me });
  const unassignedT1 = ticket({ tags: ['sso'] });
  const unassignedT2 = ticket({ tier: 2, plan: 'enterprise', accountId: acct(2) });
  const waiting = ticket({ ownerId: other, status: 'pending_customer' });
  const solved = ticket({ ownerId: me, status: 'solved' });
  slaById.set(mineUrgent.id, dueIn(30 * 60_000));
  slaById.set(mineLater.id, dueIn(5 * 3600_000));
  slaById.set(unassignedT1.id, dueIn(-60_000));
  index.replaceAll([mineLater, unassignedT2, waiting, solved, mineUrgent, unassignedT1]);

  const ctx: FilterContext = {
    agentId: me,
    now,
    accountsById: new Map([
      [acct(1), { renewalDate: '2027-09-01' }],
      [acct(2), { renewalDate: '2026-12-20' }],
    ]),
  };
  const views = new Map(builtInViews({ role: 'tier1' }).map((v) => [v.id, v]));
  const ids = (viewId: string) => index.filter(compileFilter(views.get(viewId)!.filter, ctx)).map((r) => r.ticket.id);

  it('sorts by time to breach: overdue first, then soonest, then tickets without a clock', () => {
    expect(index.rows().slice(0, 3).map((r) => r.ticket.id)).toEqual([unassignedT1.id, mineUrgent.id, mineLater.id]);
  });
  it('builds the built-in views', () => {
    expect(ids('my-open')).toEqual([mineUrgent.id, mineLater.id]);
    expect(ids('unassigned-t1')).toEqual([unassignedT1.id]);
    expect(ids('unassigned-t2')).toEqual([unassignedT2.id]);
    expect(ids('waiting-customer')).toEqual([waiting.id]);
    expect(ids('sev-1-2')).toEqual([mineUrgent.id]);
    expect(ids('breaching-soon')).toEqual([unassignedT1.id, mineUrgent.id]);
  });
  it('puts the agent’s own tier first among unassigned views', () => {
    expect(builtInViews({ role: 'tier2' }).filter((v) => v.group === 'Unassigned')[0]!.id).toBe('unassigned-t2');
  });
  it('filters saved views by plan, tags, SLA state and renewal window', () => {
    const run = (f: Parameters<typeof compileFilter>[0]) => index.filter(compileFilter(f, ctx)).map((r) => r.ticket.id);
    expect(run({ plans: ['enterprise'] })).toEqual([unassignedT2.id]);
    expect(run({ tags: ['sso'] })).toEqual([unassignedT1.id]);
    expect(run({ slaStates: ['breached'] })).toEqual([unassignedT1.id]);
    expect(run({ slaStates: ['ok'] })).toEqual([mineUrgent.id, mineLater.id]);
    expect(run({ slaStates: ['none'] }).length).toBe(3);
    expect(run({ renewalWithinDays: 60 })).toEqual([unassignedT2.id]);
    expect(run({ owners: ['unassigned', other] }).sort()).toEqual([unassignedT1.id, unassignedT2.id, waiting.id].sort());
  });
  it('the column filter agrees with the row filter for every built-in and saved-view condition', () => {
    const filters: Array<Parameters<typeof compileFilter>[0]> = [
      ...builtInViews({ role: 'tier1' }).map((v) => v.filter),
      { plans: ['enterprise', 'starter'] },
      { tags: ['sso', 'nope'] },
      { slaStates: ['breached', 'none'] },
      { slaStates: ['ok'], owners: ['me'] },
      { renewalWithinDays: 60 },
      { owners: ['unassigned', other] },
      { owners: ['00000000-0000-4000-8000-999999999999'] },
      { channels: ['email'], severities: [3], tiers: [1] },
      { accountId: acct(2) },
      { teamIds: ['00000000-0000-4000-8000-999999999998'] },
    ];
    for (const f of filters) {
      const bySlot = index.filterSlots(compileSlotFilter(f, ctx, index)).map((r) => r.ticket.id);
      expect(bySlot, JSON.stringify(f)).toEqual(index.filter(compileFilter(f, ctx)).map((r) => r.ticket.id));
    }
  });
  it('counts every view in slices that add up to one whole pass', () => {
    const tests = builtInViews({ role: 'tier1' }).map((v) => compileSlotFilter(v.filter, ctx, index));
    const sliced = new Array<number>(tests.length).fill(0);
    for (let slot = 0; slot < index.slotEnd; slot += 2) index.countSlotsBetween(tests, slot, slot + 2, sliced);
    expect(sliced).toEqual(index.countSlots(tests));
    expect(sliced[0]).toBe(ids('my-open').length);
  });
  it('remembers a view’s rows until the index or the context changes', () => {
    const cache = viewRowsCache(index);
    const myOpen = views.get('my-open')!.filter;
    const first = cache.rows(myOpen, ctx);
    expect(first.map((r) => r.ticket.id)).toEqual(ids('my-open'));
    expect(cache.rows({ ...myOpen }, { ...ctx })).toBe(first);
    expect(cache.rows(myOpen, { ...ctx, now: ctx.now + 60_000 })).not.toBe(first);
    const again = cache.rows(myOpen, ctx);
    index.upsert([{ ...mineLater, severity: 2, version: 2 }]);
    const afterChange = cache.rows(myOpen, ctx);
    expect(afterChange).not.toBe(again);
    expect(afterChange.map((r) => r.ticket.severity)).toContain(2);
  });
  it('takes over an index built on the side in one step', () => {
    const side = new TicketIndex((t) => slaById.get(t.id) ?? noSla);
    side.upsert([mineLater, mineUrgent]);
    side.upsert([waiting]);
    const target = new TicketIndex((t) => slaById.get(t.id) ?? noSla);
    target.replaceAll([solved]);
    const before = target.version;
    target.adopt(side);
    expect(target.version).toBeGreaterThan(before);
    expect(target.get(solved.id)).toBeUndefined();
    expect(target.rows().map((r) => r.ticket.id)).toEqual([mineUrgent.id, mineLater.id, waiting.id]);
    expect(target.filterSlots(compileSlotFilter({ owners: ['me'] }, ctx, target)).map((r) => r.ticket.id)).toEqual([mineUrgent.id, mineLater.id]);
  });
  it('patches single tickets and keeps the order current', () => {
    const taken = { ...unassignedT1, ownerId: me, version: 2 };
    index.upsert([taken]);
    expect(ids('unassigned-t1')).toEqual([]);
    expect(ids('my-open')[0]).toBe(unassignedT1.id);
    index.remove([unassignedT1.id]);
    expect(index.get(unassignedT1.id)).toBeUndefined();
    expect(index.count(() => true)).toBe(5);
  });
});

describe('the index order under many small changes', () => {
  it('moves changed rows into place exactly as a full sort would order them', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const due = new Map<string, number | null>();
    const index = new TicketIndex((t) => {
      const d = due.get(t.id) ?? null;
      return d === null ? noSla : dueIn(d);
    });
    const tickets = Array.from({ length: 400 }, (_, i) => ticket({ severity: ((i % 4) + 1) as 1 | 2 | 3 | 4 }));
    for (const t of tickets) due.set(t.id, random() < 0.3 ? null : Math.round(random() * 1e7));
    index.replaceAll(tickets);
    const live = new Map(tickets.map((t) => [t.id, t]));
    for (let step = 0; step < 200; step++) {
      const pick = [...live.values()][Math.floor(random() * live.size)]!;
      if (step % 7 === 0) {
        index.remove([pick.id]);
        live.delete(pick.id);
      } else {
        due.set(pick.id, random() < 0.2 ? null : Math.round(random() * 1e7));
        const next = { ...pick, version: pick.version + 1 };
        live.set(next.id, next);
        // Every fifth step a new ticket arrives too (it may reuse a removed row's slot).
        const arriving = step % 5 === 0 ? [ticket({})] : [];
        for (const t of arriving) live.set(t.id, t);
        index.upsert([next, ...arriving]);
      }
      const expected = [...index.rows()].sort(compareByTimeToBreach).map((r) => r.ticket.id);
      expect(index.rows().map((r) => r.ticket.id)).toEqual(expected);
      expect(index.size).toBe(live.size);
    }
  });
});

describe('the time-to-breach order under many small synced changes', () => {
  it('stays the order a full sort gives, while rows move, arrive and leave in place', () => {
    const due = new Map<string, number>();
    const index = new TicketIndex((t) => ({ ...noSla, metric: 'first_response', dueAt: due.get(t.id) ?? null, warnAt: null }));
    const all = Array.from({ length: 300 }, (_, i) => ticket({ severity: ((i % 4) + 1) as Ticket['severity'] }));
    all.forEach((t, i) => due.set(t.id, now + ((i * 7919) % 1000) * 60_000));
    index.replaceAll(all.slice(0, 200));
    index.rows();
    // A pseudo-random walk of small updates (the sync engine's usual traffic): re-timed rows, new ones, removals.
    let live = all.slice(0, 200);
    for (let step = 0; step < 150; step++) {
      const changed = live[(step * 37) % live.length]!;
      due.set(changed.id, now + ((step * 104729) % 1500) * 60_000);
      const updated = { ...changed, version: changed.version + 1 };
      live = live.map((t) => (t.id === changed.id ? updated : t));
      index.upsert([updated]);
      if (step % 3 === 0 && step / 3 + 200 < all.length) {
        const arriving = all[200 + step / 3]!;
        live.push(arriving);
        index.upsert([arriving]);
      }
      if (step % 5 === 0) {
        const leaving = live[(step * 13) % live.length]!;
        live = live.filter((t) => t.id !== leaving.id);
        index.remove([leaving.id]);
      }
    }
    const expected = live.map((t) => ({ ticket: t, sla: { ...noSla, metric: 'first_response' as const, dueAt: due.get(t.id)!, warnAt: null } })).sort(compareByTimeToBreach);
    expect(index.rows().map((r) => r.ticket.id)).toEqual(expected.map((r) => r.ticket.id));
    expect(index.filterSlots(() => true).length).toBe(live.length);
  });
});
