import { describe, expect, it } from 'vitest';
import { can } from '../../../../shared/api/permissions';
import { slaPolicySchema, type BusinessCalendar, type Message, type Ticket } from '../../../../shared/domain';
import { ALWAYS_OPEN_WEEKLY } from '../../../../shared/sla/calendar';
import { MapMutationState, prepareMutation, runPreparedMutation } from '../../../../shared/sync/mutators';
import { clocksFor, policiesFor, slaHistoryFromRow, slaHistoryFromThread, snapshotFromClocks, ticketSlaSnapshot, type SlaContext } from './slaSnapshot';

const M = 60_000;
const H = 60 * M;
const DAY = 24 * H;
const T0 = Date.parse('2025-03-03T08:00:00Z');
const ALWAYS = '00000000-0000-4000-8000-0000000000c2';
const ids = {
  account: '00000000-0000-4000-8000-000000000001',
  ticket: '00000000-0000-4000-8000-000000000002',
  agent: '00000000-0000-4000-8000-000000000003',
  opening: '00000000-0000-4000-8000-000000000004',
  reply: '00000000-0000-4000-8000-000000000005',
};

const calendar: BusinessCalendar = { id: ALWAYS, name: '24/7', timeZone: 'UTC', weekly: ALWAYS_OPEN_WEEKLY, version: 1, updatedAt: 0 };
const policy = slaPolicySchema.parse({
  id: '00000000-0000-4000-8000-0000000000b1',
  name: 'Business 24/7',
  position: 1,
  // Sev 3: first response 4 h, next response 8 h, resolution 3 days — all 24/7, so the arithmetic is plain.
  targets: { 3: { firstResponseMin: 4 * 60, nextResponseMin: 8 * 60, resolutionMin: 3 * 24 * 60 } },
  calendarId: ALWAYS,
});
const ctx: SlaContext = { policies: [policy], calendars: new Map([[ALWAYS, calendar]]) };

/** A ticket driven through the real mutators, each at its own instant, as the server would apply them. */
function ticketLife() {
  const state = new MapMutationState();
  state.set('account', ids.account, { id: ids.account, plan: 'business' });
  // A lead: the one role that may do everything these stories need (setting the tier included).
  const actor = { id: ids.agent, role: 'lead' as const };
  const run = (at: number, name: string, args: unknown): void => {
    const prepared = prepareMutation(name, args);
    for (const ref of prepared.reads) if (!state.has(ref.entity, ref.id)) state.set(ref.entity, ref.id, undefined);
    state.applyChanges(runPreparedMutation(prepared, state, { now: at, actor }, can).changes);
  };
  run(T0, 'ticket.create', { ticketId: ids.ticket, accountId: ids.account, subject: 'Export fails', firstMessage: { messageId: ids.opening, body: 'help' } });
  return { run, ticket: () => state.get('ticket', ids.ticket)! };
}

function resolutionOf(t: Ticket, now: number) {
  return clocksFor(slaHistoryFromRow(t), policiesFor(ctx, null), ctx, now).find((c) => c.metric === 'resolution')!;
}

describe('SLA snapshot from the ticket row', () => {
  it('does not count the two days a re-opened ticket was pending on the customer', () => {
    const life = ticketLife();
    life.run(T0 + H, 'ticket.reply', { ticketId: ids.ticket, messageId: ids.reply, body: 'Can you send the log?' });
    life.run(T0 + H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'pending_customer' });
    life.run(T0 + H + 2 * DAY, 'ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    const now = T0 + 2 * H + 2 * DAY;

    const resolution = resolutionOf(life.ticket(), now);
    // Counted: the first hour, then the hour since re-opening — not the 48 h in between.
    expect(resolution.elapsedMs).toBe(2 * H);
    expect(resolution.state).toBe('running');
    expect(resolution.dueAt).toBe(now + 3 * DAY - 2 * H);
    expect(ticketSlaSnapshot(life.ticket(), null, ctx, now)).toMatchObject({ metric: 'resolution', dueAt: now + 3 * DAY - 2 * H, paused: false });
  });

  it('keeps counting a pause from when it began when the pending ticket is edited later', () => {
    const life = ticketLife();
    life.run(T0 + H, 'ticket.reply', { ticketId: ids.ticket, messageId: ids.reply, body: 'Can you send the log?' });
    life.run(T0 + H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'pending_customer' });
    const now = T0 + 3 * DAY;
    const before = resolutionOf(life.ticket(), now);
    life.run(T0 + 2 * DAY, 'ticket.addTag', { ticketId: ids.ticket, tag: 'export' });
    life.run(T0 + 2 * DAY + H, 'ticket.setTier', { ticketId: ids.ticket, tier: 2 });
    expect(life.ticket().updatedAt).toBe(T0 + 2 * DAY + H);
    // Re-opened after the edits: the countdown resumes from the one hour counted before the pause.
    life.run(T0 + 3 * DAY - H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'open' });

    expect(before).toMatchObject({ state: 'paused', elapsedMs: H });
    expect(resolutionOf(life.ticket(), now)).toMatchObject({ state: 'running', elapsedMs: 2 * H, dueAt: now + 3 * DAY - 2 * H });
  });

  it('a row without a history (stored or cached before it existed) falls back to its status as set at updatedAt', () => {
    const life = ticketLife();
    life.run(T0 + H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'pending_customer' });
    const legacy: Ticket = { ...life.ticket(), statusHistory: [] };
    const cachedByOlderConsole = { ...legacy } as Partial<Ticket>;
    delete cachedByOlderConsole.statusHistory;
    const now = T0 + 5 * H;
    // The pause is read as starting at the last update, as before the history existed.
    expect(resolutionOf(legacy, now)).toMatchObject({ state: 'paused', elapsedMs: H });
    expect(resolutionOf(cachedByOlderConsole as Ticket, now)).toEqual(resolutionOf(legacy, now));
    expect(ticketSlaSnapshot(cachedByOlderConsole as Ticket, null, ctx, now)).toMatchObject({ metric: 'first_response', dueAt: T0 + 4 * H });
  });

  it('reads a history that starts after creation (a row changed once since the migration) from its first entry on', () => {
    const life = ticketLife();
    life.run(T0 + H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    life.run(T0 + 2 * H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'on_hold' });
    const partial: Ticket = { ...life.ticket(), statusHistory: life.ticket().statusHistory.slice(2) };
    expect(resolutionOf(partial, T0 + 10 * H)).toMatchObject({ state: 'paused', elapsedMs: 2 * H });
  });

  it('gives the thread-based history (ticket header) the same status timeline', () => {
    const life = ticketLife();
    life.run(T0 + H, 'ticket.reply', { ticketId: ids.ticket, messageId: ids.reply, body: 'Can you send the log?' });
    life.run(T0 + H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'pending_customer' });
    life.run(T0 + H + 2 * DAY, 'ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    life.run(T0 + 2 * H + 2 * DAY, 'ticket.addTag', { ticketId: ids.ticket, tag: 'export' });
    const reply: Message = {
      id: ids.reply, ticketId: ids.ticket, kind: 'public_reply', authorAgentId: ids.agent, authorContactId: null,
      body: 'Can you send the log?', bodyFormat: 'text', attachments: [], createdAt: T0 + H,
    };
    const now = T0 + 3 * H + 2 * DAY;
    const fromThread = clocksFor(slaHistoryFromThread(life.ticket(), [reply]), policiesFor(ctx, null), ctx, now);
    expect(fromThread).toEqual(clocksFor(slaHistoryFromRow(life.ticket()), policiesFor(ctx, null), ctx, now));
    expect(fromThread.find((c) => c.metric === 'resolution')).toMatchObject({ elapsedMs: 3 * H });
  });
});

describe('snapshotFromClocks', () => {
  it('passes over a first response met late: it stays breached on record but has nothing left to count down', () => {
    const life = ticketLife();
    // First response target 4 h; the reply comes after 5 h.
    life.run(T0 + 5 * H, 'ticket.reply', { ticketId: ids.ticket, messageId: ids.reply, body: 'Sorry for the wait' });
    life.run(T0 + 5 * H, 'ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    const now = T0 + 6 * H;
    const clocks = clocksFor(slaHistoryFromRow(life.ticket()), policiesFor(ctx, null), ctx, now);
    expect(clocks.find((c) => c.metric === 'first_response')).toMatchObject({ state: 'breached', fulfilledAt: T0 + 5 * H });
    expect(snapshotFromClocks(clocks, ctx.calendars, now)).toMatchObject({ metric: 'resolution', dueAt: T0 + 3 * DAY });
  });
});
