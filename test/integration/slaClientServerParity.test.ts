import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, decodeRow, encodeRow, migrateToLatest, type DbHandle } from '../../server/db';
import { loadDemo } from '../../server/demo';
import { SlaScanner } from '../../server/sla/slaScanner';
import { loadTicketHistories, type LoadedTicketHistory } from '../../server/sla/ticketHistory';
import type { Account, BusinessCalendar, Message, SlaClock, SlaEvent, SlaPolicy, Ticket } from '../../shared/domain';
import { accountSlaPolicies, ALWAYS_OPEN_WEEKLY, clockPolicyFor, evaluateTicketSla, ticketSlaClocks } from '../../shared/sla';
import { slaHistoryFromRow, slaHistoryFromThread } from '../../shared/sla/ticketSlaHistory';
import { withTestDatabases, type TestDatabase } from '../support/testDb';

/**
 * The console's clocks equal the server's: for every ticket of the small demo set, loaded into a real database,
 * the clocks the ticket header computes from the thread are the clocks the server computes from
 * `loadTicketHistories` at the same `now`, and so are the open clocks the queue computes from the row alone (all
 * its countdown reads; renderer/src/features/sla/slaSnapshot.ts) — and the server's history reproduces the SLA
 * events the demo loader stored, so both are right, not merely alike. The console's history builders live in
 * shared/sla/ticketSlaHistory.ts, so this runs the very code the console runs; so is its policy choice (the
 * console's `policiesFor` is shared/sla accountSlaPolicies), and the server's is the real scanner, which must store what
 * the console's clocks imply.
 * Enterprise Sev 1 tickets of accounts whose contract names a hub policy are where the three used to disagree.
 */

const NOW = Date.UTC(2025, 10, 20, 15, 30, 0);
const HOUR = 3_600_000;
const log = pino({ level: 'silent' });
const targets = await withTestDatabases();

interface Loaded {
  tickets: Ticket[];
  histories: Map<string, LoadedTicketHistory>;
  messagesByTicket: Map<string, Message[]>;
  storedEvents: Map<string, SlaEvent[]>;
  policies: SlaPolicy[];
  policyById: Map<string, SlaPolicy>;
  calendars: Map<string, BusinessCalendar>;
  accountPolicy: Map<string, string | null>;
}

async function loadAll(handle: DbHandle): Promise<Loaded> {
  const { db } = handle;
  const [ticketRows, messageRows, eventRows, policyRows, calendarRows, accountRows] = await Promise.all([
    db.selectFrom('tickets').selectAll().execute(),
    db.selectFrom('messages').selectAll().execute(),
    db.selectFrom('sla_events').selectAll().execute(),
    db.selectFrom('sla_policies').selectAll().execute(),
    db.selectFrom('business_calendars').selectAll().execute(),
    db.selectFrom('accounts').selectAll().execute(),
  ]);
  const tickets = ticketRows.map((row) => decodeRow('ticket', row) as Ticket);
  const messagesByTicket = new Map<string, Message[]>();
  for (const row of messageRows) {
    const m = decodeRow('message', row) as Message;
    messagesByTicket.set(m.ticketId, [...(messagesByTicket.get(m.ticketId) ?? []), m]);
  }
  const storedEvents = new Map<string, SlaEvent[]>();
  for (const row of eventRows) {
    const e = decodeRow('sla_event', row) as SlaEvent;
    storedEvents.set(e.ticketId, [...(storedEvents.get(e.ticketId) ?? []), e]);
  }
  const policies = policyRows.map((row) => decodeRow('sla_policy', row) as SlaPolicy).sort((a, b) => a.position - b.position);
  const calendars = new Map(calendarRows.map((row) => decodeRow('business_calendar', row) as BusinessCalendar).map((c) => [c.id, c]));
  const accounts = accountRows.map((row) => decodeRow('account', row) as Account);
  return {
    tickets,
    histories: await loadTicketHistories(db, tickets.map((t) => t.id)),
    messagesByTicket,
    storedEvents,
    policies,
    policyById: new Map(policies.map((p) => [p.id, p])),
    calendars,
    accountPolicy: new Map(accounts.map((a) => [a.id, a.slaPolicyId])),
  };
}

for (const target of targets) {
  describe.skipIf(!target.available)(`console SLA clocks equal the server's on demo tickets (${target.label})`, () => {
    let database: TestDatabase;
    let handle: DbHandle;
    let data: Loaded;

    beforeAll(async () => {
      database = await target.create();
      handle = createDb(database.url);
      await migrateToLatest(handle.db, handle.dialect);
      await loadDemo({ db: handle.db, dialect: handle.dialect, log, now: () => NOW }, 'small', { now: NOW });
      data = await loadAll(handle);
    }, 120_000);

    afterAll(async () => {
      await handle?.close();
      await database?.drop();
    });

    /** The console's (and the scanner's) choice for a ticket: all policies and its account's contract. */
    const consolePolicies = (ticket: Ticket) => accountSlaPolicies(data.policies, data.accountPolicy.get(ticket.accountId));
    /** An enterprise Sev 1 whose account's contract names a policy (a hub's, not the Sev 1 overlay). */
    const isContractedEnterpriseSev1 = (ticket: Ticket) => ticket.plan === 'enterprise' && ticket.severity === 1 && Boolean(data.accountPolicy.get(ticket.accountId));

    it("the server's history under the console's policy choice re-derives exactly the SLA events the demo stored", () => {
      let compared = 0;
      let sev1Contracted = 0;
      for (const ticket of data.tickets) {
        const loaded = data.histories.get(ticket.id)!;
        const derived = evaluateTicketSla(loaded.history, consolePolicies(ticket), data.calendars, NOW).events;
        const stored = data.storedEvents.get(ticket.id) ?? [];
        expect(sortById(derived), `ticket #${ticket.number}`).toEqual(sortById(stored));
        compared += stored.length;
        if (isContractedEnterpriseSev1(ticket)) sev1Contracted += stored.length;
      }
      expect(compared).toBeGreaterThan(1000);
      // The case that used to disagree is really exercised, not vacuously absent from the demo set.
      expect(sev1Contracted).toBeGreaterThan(20);
    });

    it("an enterprise Sev 1 counts 24/7 although its account's contract names a hub policy", () => {
      const sev1 = data.tickets.filter(isContractedEnterpriseSev1);
      expect(sev1.length).toBeGreaterThan(5);
      for (const ticket of sev1) {
        const contracted = data.policyById.get(data.accountPolicy.get(ticket.accountId)!)!;
        const chosen = clockPolicyFor(consolePolicies(ticket), ticket)!;
        expect(contracted.name, `ticket #${ticket.number}`).not.toMatch(/Sev 1/);
        expect(data.calendars.get(chosen.calendarId)?.weekly, `ticket #${ticket.number}`).toEqual(ALWAYS_OPEN_WEEKLY);
      }
    });

    for (const later of [0, 3 * HOUR, 50 * HOUR]) {
      it(`thread clocks, and the row's open clocks, equal the server's ${later / HOUR} h after the load`, () => {
        const now = NOW + later;
        let open = 0;
        let differsFromFallback = 0;
        for (const ticket of data.tickets) {
          const policies = consolePolicies(ticket);
          const server = ticketSlaClocks(data.histories.get(ticket.id)!.history, policies, data.calendars, now);
          const thread = ticketSlaClocks(slaHistoryFromThread(ticket, data.messagesByTicket.get(ticket.id) ?? []), policies, data.calendars, now);
          expect(thread, `ticket #${ticket.number} (thread)`).toEqual(server);

          const fromRow = openClocks(ticketSlaClocks(slaHistoryFromRow(ticket), policies, data.calendars, now));
          expect(fromRow, `ticket #${ticket.number} (row)`).toEqual(openClocks(server));
          open += fromRow.length;

          const fallback = openClocks(ticketSlaClocks(slaHistoryFromRow({ ...ticket, statusHistory: [] }), policies, data.calendars, now));
          if (JSON.stringify(fallback) !== JSON.stringify(fromRow)) differsFromFallback += 1;
        }
        expect(open).toBeGreaterThan(100);
        // The demo has tickets whose earlier pauses matter: without the history their countdowns would be wrong.
        expect(differsFromFallback).toBeGreaterThan(5);
      });
    }

    // Last: it writes. The scanner stores only what happens after the load, so it runs 50 h later, when many open
    // clocks have warned or breached; a scanner that chose another policy than the console would store those events
    // at other instants, or others altogether. The small demo has no enterprise Sev 1 still open at the load, so one
    // arrives just after it, from a contracted enterprise account (copied from a demo ticket: a real row shape).
    it("the real scanner, 50 h later, stores exactly the events the console's clocks imply", async () => {
      const template = data.tickets.find(isContractedEnterpriseSev1)!;
      const createdAt = NOW + 5 * 60_000;
      const fresh: Ticket = {
        ...template,
        id: randomUUID(),
        number: data.tickets.length + 1,
        status: 'new',
        statusHistory: [{ at: createdAt, status: 'new' }],
        createdAt,
        updatedAt: createdAt,
        solvedAt: null,
        lastCustomerMessageAt: createdAt,
        lastAgentReplyAt: null,
        awaitingReplySince: null,
      };
      await handle.db.insertInto('tickets').values(encodeRow('ticket', fresh, handle.dialect)).execute();
      const tickets = [...data.tickets, fresh];

      const later = NOW + 50 * HOUR;
      const scanner = new SlaScanner({ db: handle.db, dialect: handle.dialect, log, now: () => later });
      const result = await scanner.scanTickets(tickets.map((t) => t.id));
      expect(result.evaluated).toBe(tickets.length);
      const rows = await handle.db.selectFrom('sla_events').selectAll().where('at', '>', NOW).execute();
      const stored = rows.map((row) => decodeRow('sla_event', row) as SlaEvent);
      const expected: SlaEvent[] = [];
      for (const ticket of tickets) {
        const history = slaHistoryFromThread(ticket, data.messagesByTicket.get(ticket.id) ?? []);
        // A row written without a change log: the scanner leaves what precedes its `updatedAt` to whoever wrote it.
        const from = Math.max(NOW, ticket.updatedAt);
        expected.push(...evaluateTicketSla(history, consolePolicies(ticket), data.calendars, later).events.filter((e) => e.at > from));
      }
      expect(sortById(stored).map(eventKey)).toEqual(sortById(expected).map(eventKey));
      // The Sev 1 overlay's 15 minutes, counted 24/7: not the contracted hub policy's business minutes.
      const breach = stored.find((e) => e.ticketId === fresh.id && e.metric === 'first_response' && e.kind === 'breach');
      expect(breach?.at).toBe(createdAt + 15 * 60_000);
    }, 60_000);
  });
}

/** The clocks a countdown can show: not met or cancelled (a clock met late stays 'breached' on record). */
function openClocks(clocks: readonly SlaClock[]): SlaClock[] {
  return clocks.filter((c) => c.state !== 'fulfilled' && c.state !== 'cancelled' && c.fulfilledAt === undefined && c.cancelledAt === undefined);
}

function eventKey(e: SlaEvent): string {
  return `${e.id} ${e.kind} ${e.at}`;
}

function sortById(events: readonly SlaEvent[]): SlaEvent[] {
  return [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
