import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { createDb, decodeRow, encodeRow, type DbHandle } from '../../server/db';
import { SlaScanner, type SlaScanResult } from '../../server/sla/slaScanner';
import type { Account, Agent, Message, SlaEvent, SlaPolicy, Team, Ticket } from '../../shared/domain';
import type { PullResponse, PushResponse } from '../../shared/sync/protocol';
import { insertAgent } from '../support/agents';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { calendar247, MINUTE, t0 } from './slaFixtures';
import { accountRow } from './syncSupport';

const targets = await withTestDatabases();
const calendar = calendar247;

const policy: SlaPolicy = {
  id: randomUUID(),
  name: 'Enterprise',
  position: 0,
  match: { plans: ['enterprise'] },
  targets: {
    1: { firstResponseMin: 30, resolutionMin: 240 },
    2: { firstResponseMin: 60, resolutionMin: 480 },
    3: { firstResponseMin: 240, resolutionMin: 2400 },
    4: {},
  },
  calendarId: calendar.id,
  pauseStatuses: {
    firstResponse: [],
    nextResponse: [],
    periodicUpdate: ['pending_customer', 'on_hold'],
    resolution: ['pending_customer', 'on_hold', 'waiting_engineering'],
  },
  warnAtFraction: 0.75,
  breachActions: ['notify_owner', 'notify_lead', 'raise_tier'],
  remedy: { creditPercentPerBreach: 5, capPercent: 25 },
  version: 1,
  updatedAt: t0,
};

for (const target of targets) {
  describe.skipIf(!target.available)(`SLA scanner (${target.label})`, () => {
    let server: TestServer;
    let now = t0;
    let owner: Agent;
    let lead: Agent;
    let team: Team;
    let account: Account;
    let token: string;
    let mutationId = 0;
    const clientId = randomUUID();

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { now: () => now });
      const { db, dialect } = server.ctx;
      owner = await insertAgent(db, dialect, { role: 'tier1', name: 'Olive Owner', password: null, now: t0 });
      lead = await insertAgent(db, dialect, { role: 'lead', name: 'Leo Lead', password: null, now: t0 });
      team = { id: randomUUID(), name: 'Pod A', leadId: lead.id, tier: 1, version: 1, updatedAt: t0 };
      account = { ...accountRow(t0), slaPolicyId: null };
      await db.insertInto('teams').values(encodeRow('team', team, dialect)).execute();
      await db.insertInto('accounts').values(encodeRow('account', account, dialect)).execute();
      await db.insertInto('business_calendars').values(encodeRow('business_calendar', calendar, dialect)).execute();
      await db.insertInto('sla_policies').values(encodeRow('sla_policy', policy, dialect)).execute();
      token = (await createSession(db, owner.id, t0)).token;
    });
    afterAll(async () => {
      await server?.close();
    });

    async function push(name: string, args: Record<string, unknown>): Promise<void> {
      mutationId += 1;
      // The injected clock jumps days ahead between tests: sign in again at "now".
      token = (await createSession(server.ctx.db, owner.id, now)).token;
      const response = await fetch(`${server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, mutations: [{ id: mutationId, name, args, clientTime: now }] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as PushResponse;
      expect(body.results[0]?.status, JSON.stringify(body.results[0])).toBe('applied');
    }

    /** A ticket created through sync (so its history is in the change log), on the lead's team. */
    async function createTicket(severity: 1 | 2 | 3 = 2): Promise<string> {
      const ticketId = randomUUID();
      await push('ticket.create', {
        ticketId,
        subject: 'Exports fail',
        accountId: account.id,
        severity,
        firstMessage: { messageId: randomUUID(), body: 'Our nightly export fails.' },
      });
      // Team membership has no mutation yet: set it directly (not an SLA-relevant field).
      await server.ctx.db.updateTable('tickets').set({ teamId: team.id }).where('id', '=', ticketId).execute();
      return ticketId;
    }

    async function eventsOf(ticketId: string): Promise<SlaEvent[]> {
      const rows = await server.ctx.db.selectFrom('sla_events').selectAll().where('ticketId', '=', ticketId).orderBy('at').execute();
      return rows.map((row) => decodeRow('sla_event', row) as SlaEvent);
    }

    async function ticketOf(ticketId: string): Promise<Ticket> {
      return decodeRow('ticket', await server.ctx.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow()) as Ticket;
    }

    async function systemMessages(ticketId: string): Promise<Message[]> {
      const rows = await server.ctx.db.selectFrom('messages').selectAll().where('ticketId', '=', ticketId).where('kind', '=', 'system_event').execute();
      return rows.map((row) => decodeRow('message', row) as Message);
    }

    const kinds = (events: readonly SlaEvent[]) => events.map((e) => `${e.metric}:${e.kind}`);
    const of = (result: SlaScanResult, ticketId: string) => result.inserted.filter((e) => e.ticketId === ticketId);

    it('stores start, warn and breach once each, runs the breach actions once, and they sync through pull', async () => {
      now = t0;
      const ticketId = await createTicket(2);
      const scanner = new SlaScanner(server.ctx);

      let result = await scanner.tick();
      expect(kinds(result.inserted).sort()).toEqual(['first_response:start', 'resolution:start']);
      expect((await eventsOf(ticketId)).map((e) => e.dueAt)).toEqual([t0 + 60 * MINUTE, t0 + 480 * MINUTE]);

      now = t0 + 44 * MINUTE;
      expect((await scanner.tick()).inserted).toEqual([]);

      now = t0 + 46 * MINUTE; // 75 % of 60 min passed at 45 min
      result = await scanner.tick();
      expect(kinds(result.inserted)).toEqual(['first_response:warn']);
      expect(result.inserted[0]!.at).toBe(t0 + 45 * MINUTE);
      expect((await scanner.tick()).inserted).toEqual([]);

      now = t0 + 61 * MINUTE;
      result = await scanner.tick();
      expect(kinds(result.inserted)).toEqual(['first_response:breach']);
      expect(result.inserted[0]!.at).toBe(t0 + 60 * MINUTE);
      expect(result.actions.map((a) => [a.action, a.detail])).toEqual([
        ['notify_owner', owner.id],
        ['notify_lead', lead.id],
        ['raise_tier', '2'],
      ]);

      // Again, and from a fresh scanner (a restarted process): nothing new, no second action.
      expect((await scanner.tick()).inserted).toEqual([]);
      const restarted = await new SlaScanner(server.ctx).scanAll();
      expect(restarted.inserted.filter((e) => e.ticketId === ticketId)).toEqual([]);
      expect(restarted.actions).toEqual([]);

      const events = await eventsOf(ticketId);
      expect(kinds(events).filter((k) => k.endsWith(':warn') || k.endsWith(':breach'))).toEqual(['first_response:warn', 'first_response:breach']);
      const ticket = await ticketOf(ticketId);
      expect(ticket.tier).toBe(2);
      const notes = await systemMessages(ticketId);
      expect(notes).toHaveLength(3);
      expect(notes.map((m) => m.body).join('\n')).toContain('Owner notified: Olive Owner');
      expect(notes.map((m) => m.body).join('\n')).toContain('Team lead notified: Leo Lead');
      expect(notes.map((m) => m.body).join('\n')).toContain('Tier raised from 1 to 2');

      // Everything reached the change log, so a client pulling from the start sees it.
      const pulled = (await (
        await fetch(`${server.baseUrl}/api/sync/pull?cursor=0&limit=10000`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as PullResponse;
      const pulledEvents = pulled.changes.filter((c) => c.entity === 'sla_event' && (c.row as { ticketId?: string }).ticketId === ticketId);
      expect(pulledEvents.map((c) => c.id).sort()).toEqual(events.map((e) => e.id).sort());
      const pulledTicket = pulled.changes.filter((c) => c.entity === 'ticket' && c.id === ticketId).at(-1);
      expect((pulledTicket?.row as Ticket).tier).toBe(2);
      expect(pulled.changes.filter((c) => c.entity === 'message' && notes.some((n) => n.id === c.id))).toHaveLength(3);
    });

    it('records fulfil, pause, resume and retarget from replies, status and severity changes', async () => {
      now = t0 + 2 * 24 * 60 * MINUTE;
      const start = now;
      const ticketId = await createTicket(3);
      const scanner = new SlaScanner(server.ctx);
      await scanner.tick();

      now = start + 10 * MINUTE;
      await push('ticket.reply', { ticketId, messageId: randomUUID(), body: 'Looking into it.' });
      now = start + 20 * MINUTE;
      await push('ticket.setStatus', { ticketId, status: 'pending_customer' });
      let result = await scanner.tick();
      expect(kinds(of(result, ticketId))).toEqual(['first_response:fulfil', 'resolution:pause']);

      now = start + 80 * MINUTE;
      await push('ticket.setStatus', { ticketId, status: 'open' });
      now = start + 90 * MINUTE;
      await push('ticket.setSeverity', { ticketId, severity: 1 });
      result = await scanner.tick();
      expect(kinds(of(result, ticketId))).toContain('resolution:resume');
      const retarget = of(result, ticketId).find((e) => e.kind === 'retarget' && e.metric === 'resolution');
      // Counted so far: 20 min before the pause + 10 min after; Sev 3 target 2400 min, Sev 1 target 240 min.
      expect(retarget?.previousDueAt).toBe(start + 90 * MINUTE + (2400 - 30) * MINUTE);
      expect(retarget?.dueAt).toBe(start + 90 * MINUTE + (240 - 30) * MINUTE);
      expect(of(await scanner.tick(), ticketId)).toEqual([]);
    });

    it('two scanners racing on one database store each warn and breach once and act once', async () => {
      const handles: DbHandle[] = [];
      try {
        for (let round = 0; round < 3; round += 1) {
          now = t0 + (10 + round) * 24 * 60 * MINUTE;
          const start = now;
          const ticketIds = [await createTicket(1), await createTicket(2), await createTicket(2)];
          // Two processes: on PostgreSQL two separate connection pools; on SQLite one process owns the file.
          const contexts =
            target.dialect === 'postgres'
              ? [0, 1].map(() => {
                  const handle = createDb(server.database.url);
                  handles.push(handle);
                  return { db: handle.db, dialect: handle.dialect, log: server.ctx.log, now: () => now };
                })
              : [server.ctx, server.ctx];
          const [a, b] = contexts.map((ctx) => new SlaScanner(ctx));
          now = start + 9 * 60 * MINUTE; // past every first-response and resolution target of Sev 1 and 2
          const results: SlaScanResult[] = await Promise.all([a!.tick(), b!.tick()]);
          const inserted = results.flatMap((r) => r.inserted).filter((e) => ticketIds.includes(e.ticketId));
          const ids = inserted.map((e) => e.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const ticketId of ticketIds) {
            const events = await eventsOf(ticketId);
            const breaches = events.filter((e) => e.kind === 'breach');
            const warns = events.filter((e) => e.kind === 'warn');
            expect(breaches.map((e) => e.metric).sort()).toEqual(['first_response', 'resolution']);
            expect(warns.map((e) => e.metric).sort()).toEqual(['first_response', 'resolution']);
            // Each stored event was inserted by exactly one of the two scanners, and logged once.
            expect(inserted.filter((e) => e.ticketId === ticketId).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
            const logged = await server.ctx.db
              .selectFrom('change_log')
              .select('entityId')
              .where('entity', '=', 'sla_event')
              .where('entityId', 'in', events.map((e) => e.id))
              .execute();
            expect(logged).toHaveLength(events.length);
            // Two breaches → two owner and two lead notifications, one tier raise (same transaction).
            const notes = await systemMessages(ticketId);
            expect(notes.filter((m) => m.body.includes('Owner notified'))).toHaveLength(2);
            expect(notes.filter((m) => m.body.includes('Team lead notified'))).toHaveLength(2);
            expect(notes.filter((m) => m.body.includes('Tier raised'))).toHaveLength(1);
            expect((await ticketOf(ticketId)).tier).toBe(2);
          }
          const actions = results.flatMap((r) => r.actions).filter((x) => ticketIds.includes(x.ticketId));
          expect(actions).toHaveLength(3 * 5);
          // And once more from both: nothing left to do.
          const again = await Promise.all([a!.scanAll(), b!.scanAll()]);
          expect(again.flatMap((r) => r.inserted).filter((e) => ticketIds.includes(e.ticketId))).toEqual([]);
        }
      } finally {
        for (const handle of handles) await handle.close();
      }
    });
  });
}
