import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { encodeRow } from '../../server/db';
import { SlaScanner } from '../../server/sla/slaScanner';
import type { Account, Agent, Message, SlaEvent, SlaPolicy, Team, Ticket } from '../../shared/domain';
import type { Change, PullResponse, PushResponse } from '../../shared/sync/protocol';
import { insertAgent } from '../support/agents';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';
import { calendar247, MINUTE, t0 } from './slaFixtures';
import { accountRow } from './syncSupport';

/**
 * The scanner the app starts by itself (ACCORD_SLA_SCANNER=on, `startTestServer(…, { slaScanner: true })`):
 * nothing in this file calls it until the events have arrived, so they prove that the app's own loop found the
 * ticket, stored its warn and breach, and that a client receives them through GET /api/sync/pull. Then more
 * rounds and a second scanner (a restarted process) must add nothing: each warn, breach and action once.
 * The only fake is the server clock.
 */

const targets = await withTestDatabases();
const calendar = calendar247;

const policy: SlaPolicy = {
  id: randomUUID(),
  name: 'Enterprise',
  position: 0,
  match: { plans: ['enterprise'] },
  targets: { 1: { firstResponseMin: 30, resolutionMin: 240 }, 2: { firstResponseMin: 60, resolutionMin: 480 }, 3: {}, 4: {} },
  calendarId: calendar.id,
  pauseStatuses: { firstResponse: [], nextResponse: [], periodicUpdate: ['pending_customer'], resolution: ['pending_customer'] },
  warnAtFraction: 0.75,
  breachActions: ['notify_owner', 'notify_lead', 'raise_tier'],
  remedy: { creditPercentPerBreach: 5, capPercent: 25 },
  version: 1,
  updatedAt: t0,
};

/** A wait for the background loop (it ticks every second), bounded so that a broken scanner fails the test. */
const loopWait = { timeout: 20_000, interval: 100 };

for (const target of targets) {
  describe.skipIf(!target.available)(`the app's own SLA scanner (${target.label})`, () => {
    let server: TestServer;
    let now = t0;
    let owner: Agent;
    let lead: Agent;
    let team: Team;
    let account: Account;
    const clientId = randomUUID();

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { now: () => now, slaScanner: true });
      const { db, dialect } = server.ctx;
      owner = await insertAgent(db, dialect, { role: 'tier1', name: 'Olive Owner', password: null, now: t0 });
      lead = await insertAgent(db, dialect, { role: 'lead', name: 'Leo Lead', password: null, now: t0 });
      team = { id: randomUUID(), name: 'Pod A', leadId: lead.id, tier: 1, version: 1, updatedAt: t0 };
      account = { ...accountRow(t0), slaPolicyId: null };
      await db.insertInto('teams').values(encodeRow('team', team, dialect)).execute();
      await db.insertInto('accounts').values(encodeRow('account', account, dialect)).execute();
      await db.insertInto('business_calendars').values(encodeRow('business_calendar', calendar, dialect)).execute();
      await db.insertInto('sla_policies').values(encodeRow('sla_policy', policy, dialect)).execute();
    });
    afterAll(async () => {
      await server?.close();
    });

    /** A bearer token valid at the injected `now` (the clock jumps ahead within the test). */
    async function tokenNow(): Promise<string> {
      return (await createSession(server.ctx.db, owner.id, now)).token;
    }

    /** Everything a client pulling from the start receives, page by page, as the agent sees it. */
    async function pullAll(): Promise<Change[]> {
      const token = await tokenNow();
      const changes: Change[] = [];
      let cursor = 0;
      for (;;) {
        const response = await fetch(`${server.baseUrl}/api/sync/pull?cursor=${cursor}&limit=1000&clientId=${clientId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        const page = (await response.json()) as PullResponse;
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return changes;
      }
    }

    /** The ticket's SLA events, system messages and latest row, as pulled. */
    async function pulledTicket(ticketId: string): Promise<{ events: SlaEvent[]; notes: Message[]; ticket: Ticket | undefined }> {
      const changes = await pullAll();
      const events = changes.filter((c) => c.entity === 'sla_event').map((c) => c.row as unknown as SlaEvent);
      const messages = changes.filter((c) => c.entity === 'message').map((c) => c.row as unknown as Message);
      return {
        events: events.filter((e) => e.ticketId === ticketId),
        notes: messages.filter((m) => m.ticketId === ticketId && m.kind === 'system_event'),
        ticket: changes.filter((c) => c.entity === 'ticket' && c.id === ticketId).at(-1)?.row as unknown as Ticket | undefined,
      };
    }

    const kinds = (events: readonly SlaEvent[]) => events.map((e) => `${e.metric}:${e.kind}`).sort();

    it('starts with the app and is off when configured off', async () => {
      expect(server.app.slaScanner).toBeInstanceOf(SlaScanner);
      const off = await startTestServer(target.dialect);
      try {
        expect(off.app.slaScanner).toBeNull();
      } finally {
        await off.close();
      }
    });

    it('stores warn and breach events that a client pulls, and runs the breach actions once', async () => {
      const ticketId = randomUUID();
      const push = await fetch(`${server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenNow()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId,
          mutations: [
            {
              id: 1,
              name: 'ticket.create',
              args: { ticketId, subject: 'Webhooks arrive hours late', accountId: account.id, severity: 2, firstMessage: { messageId: randomUUID(), body: 'Our webhooks are delayed.' } },
              clientTime: now,
            },
          ],
        }),
      });
      expect(push.status).toBe(200);
      expect(((await push.json()) as PushResponse).results[0]?.status).toBe('applied');
      // Team membership has no mutation: set it directly (the lead to notify comes from the team).
      await server.ctx.db.updateTable('tickets').set({ teamId: team.id }).where('id', '=', ticketId).execute();

      // The loop picks the new ticket up from the change log and starts its clocks.
      await expect.poll(async () => kinds((await pulledTicket(ticketId)).events), loopWait).toEqual(['first_response:start', 'resolution:start']);

      now = t0 + 46 * MINUTE; // 75 % of the 60 min first-response target went by at 45 min
      await expect
        .poll(async () => kinds((await pulledTicket(ticketId)).events), loopWait)
        .toEqual(['first_response:start', 'first_response:warn', 'resolution:start']);

      now = t0 + 61 * MINUTE; // first response breached at 60 min
      await expect.poll(async () => kinds((await pulledTicket(ticketId)).events), loopWait).toContain('first_response:breach');
      let pulled = await pulledTicket(ticketId);
      const breach = pulled.events.find((e) => e.kind === 'breach')!;
      expect(breach.at).toBe(t0 + 60 * MINUTE);
      expect(pulled.events.find((e) => e.kind === 'warn')!.at).toBe(t0 + 45 * MINUTE);

      // More rounds of the same scanner, and a second scanner over the same database (a restarted process).
      const scanner = server.app.slaScanner!;
      expect((await scanner.tick()).inserted).toEqual([]);
      expect((await scanner.scanAll()).inserted.filter((e) => e.ticketId === ticketId)).toEqual([]);
      const restarted = await new SlaScanner(server.ctx).scanAll();
      expect(restarted.inserted.filter((e) => e.ticketId === ticketId)).toEqual([]);
      expect(restarted.actions).toEqual([]);

      pulled = await pulledTicket(ticketId);
      expect(kinds(pulled.events)).toEqual(['first_response:breach', 'first_response:start', 'first_response:warn', 'resolution:start']);
      expect(new Set(pulled.events.map((e) => e.id)).size).toBe(pulled.events.length);
      // The policy's actions, each once: owner and lead notified in the thread, tier raised from 1 to 2.
      const bodies = pulled.notes.map((m) => m.body);
      expect(bodies.filter((b) => b.includes('Owner notified: Olive Owner'))).toHaveLength(1);
      expect(bodies.filter((b) => b.includes('Team lead notified: Leo Lead'))).toHaveLength(1);
      expect(bodies.filter((b) => b.includes('Tier raised from 1 to 2'))).toHaveLength(1);
      expect(pulled.notes).toHaveLength(3);
      expect(pulled.ticket?.tier).toBe(2);
    });
  });
}
