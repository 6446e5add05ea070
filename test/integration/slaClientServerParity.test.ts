import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, decodeRow, migrateToLatest, type DbHandle } from '../../server/db';
import { loadDemo } from '../../server/demo';
import { loadTicketHistories, type LoadedTicketHistory } from '../../server/sla/ticketHistory';
import type { Account, BusinessCalendar, Message, SlaClock, SlaEvent, SlaPolicy, Ticket } from '../../shared/domain';
import { evaluateTicketSla, ticketSlaClocks } from '../../shared/sla';
import { slaHistoryFromRow, slaHistoryFromThread } from '../../shared/sla/ticketSlaHistory';
import { withTestDatabases, type TestDatabase } from '../support/testDb';

/**
 * The console's clocks equal the server's: for every ticket of the small demo set, loaded into a real database,
 * the clocks the ticket header computes from the thread are the clocks the server computes from
 * `loadTicketHistories` at the same `now`, and so are the open clocks the queue computes from the row alone (all
 * its countdown reads; renderer/src/features/sla/slaSnapshot.ts) — and the server's history reproduces the SLA
 * events the demo loader stored, so both are right, not merely alike. The console's history builders live in
 * shared/sla/ticketSlaHistory.ts, so this runs the very code the console runs.
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

    it('the server re-derives exactly the SLA events the demo loader stored', () => {
      let compared = 0;
      for (const ticket of data.tickets) {
        const loaded = data.histories.get(ticket.id)!;
        // The generator evaluates against every policy (first match), so this check does too.
        const derived = evaluateTicketSla(loaded.history, data.policies, data.calendars, NOW).events;
        const stored = data.storedEvents.get(ticket.id) ?? [];
        expect(sortById(derived), `ticket #${ticket.number}`).toEqual(sortById(stored));
        compared += stored.length;
      }
      expect(compared).toBeGreaterThan(1000);
    });

    for (const later of [0, 3 * HOUR, 50 * HOUR]) {
      it(`thread clocks, and the row's open clocks, equal the server's ${later / HOUR} h after the load`, () => {
        const now = NOW + later;
        let open = 0;
        let differsFromFallback = 0;
        for (const ticket of data.tickets) {
          // The account's contracted policy when it names one, else all (first match): as console and scanner choose.
          const own = data.policyById.get(data.accountPolicy.get(ticket.accountId) ?? '');
          const policies = own ?? data.policies;
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
  });
}

/** The clocks a countdown can show: not met or cancelled (a clock met late stays 'breached' on record). */
function openClocks(clocks: readonly SlaClock[]): SlaClock[] {
  return clocks.filter((c) => c.state !== 'fulfilled' && c.state !== 'cancelled' && c.fulfilledAt === undefined && c.cancelledAt === undefined);
}

function sortById(events: readonly SlaEvent[]): SlaEvent[] {
  return [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
