import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, SlaEvent } from '../../../shared/domain';
import { AccordDb } from './db';
import { ensureIdentity } from './syncEngine';
import { enqueueMutation } from './outbox';
import { ticketMessagesQueryOptions } from './queries';
import { baseRowForMutation, mergeIntoGroups, readSlaHistories, readThread, removeFromGroups, wholeGroups } from './ticketGroups';

// fake-indexeddb stands in for the browser's IndexedDB; the rest is the real data layer.
const t1 = '00000000-0000-4000-8000-0000000000b1';
const t2 = '00000000-0000-4000-8000-0000000000b2';
const agentId = '00000000-0000-4000-8000-0000000000a1';

function message(id: string, ticketId: string, createdAt: number, body = `body ${id}`): Message {
  return { id, ticketId, kind: 'customer_message', authorAgentId: null, authorContactId: null, body, bodyFormat: 'text', attachments: [], createdAt };
}

function event(id: string, ticketId: string, kind: SlaEvent['kind'], at: number): SlaEvent {
  return { id, ticketId, metric: 'resolution', kind, at, dueAt: at + 1000 };
}

const opened: Dexie[] = [];
function open<T extends Dexie>(db: T): T {
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('messages and SLA events stored per ticket', () => {
  it('groups a bootstrap page by ticket, each thread in time order', () => {
    const groups = wholeGroups('message', [message('m3', t1, 30), message('m1', t2, 10), message('m2', t1, 20)]);
    expect(groups).toEqual([
      { ticketId: t1, messages: [message('m2', t1, 20), message('m3', t1, 30)] },
      { ticketId: t2, messages: [message('m1', t2, 10)] },
    ]);
  });

  it('merges pulled rows into the threads they belong to: new ids appended in order, known ids replaced', async () => {
    const db = open(new AccordDb('groups-merge', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await db.table('threads').bulkPut(wholeGroups('message', [message('m1', t1, 10), message('m3', t1, 30)]));
    await mergeIntoGroups(db, 'message', [message('m2', t1, 20), message('m3', t1, 30, 'edited'), message('m4', t2, 5)]);
    expect((await readThread(db, t1)).map((m) => [m.id, m.body])).toEqual([
      ['m1', 'body m1'],
      ['m2', 'body m2'],
      ['m3', 'edited'],
    ]);
    expect((await readThread(db, t2)).map((m) => m.id)).toEqual(['m4']);
    // A fetched detail only adds what the cache lacks.
    await mergeIntoGroups(db, 'message', [message('m3', t1, 30, 'older copy'), message('m0', t1, 1)], { keepExisting: true });
    expect((await readThread(db, t1)).map((m) => [m.id, m.body])).toEqual([
      ['m0', 'body m0'],
      ['m1', 'body m1'],
      ['m2', 'body m2'],
      ['m3', 'edited'],
    ]);
    await removeFromGroups(db, 'message', ['m2', 'm4']);
    expect((await readThread(db, t1)).map((m) => m.id)).toEqual(['m0', 'm1', 'm3']);
    expect(await readThread(db, t2)).toEqual([]);
  });

  it('reads SLA events of many tickets within a time window', async () => {
    const db = open(new AccordDb('groups-sla', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await mergeIntoGroups(db, 'sla_event', [event('e1', t1, 'start', 10), event('e2', t1, 'breach', 50), event('e3', t2, 'fulfil', 70), event('e4', t2, 'start', 100)]);
    expect((await readSlaHistories(db, [t1, t2, 'missing'], 50, 100)).map((e) => e.id)).toEqual(['e2', 'e3']);
  });

  it('a reply made here shows in the thread, and a replay finds an already confirmed message in its thread', async () => {
    const db = open(new AccordDb('groups-reply', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await ensureIdentity(db, { id: agentId, role: 'tier1' }, () => 'client-1');
    await db.tickets.put({
      id: t1, number: 7, subject: 'Login fails', accountId: '00000000-0000-4000-8000-0000000000c1', requesterId: null, channel: 'email',
      status: 'open', severity: 3, tier: 1, ownerId: agentId, collaboratorIds: [], teamId: null, tags: [], incidentId: null, plan: 'business',
      createdAt: 1, updatedAt: 1, solvedAt: null, lastCustomerMessageAt: 1, lastAgentReplyAt: null, awaitingReplySince: null, statusHistory: [], version: 1,
    });
    await db.threads.put({ ticketId: t1, messages: [message('00000000-0000-4000-8000-0000000000d1', t1, 10)] });
    const replyId = '00000000-0000-4000-8000-0000000000d2';
    await enqueueMutation(db, 'ticket.reply', { ticketId: t1, messageId: replyId, body: 'On it' }, { now: 20, offline: false });
    const thread = await ticketMessagesQueryOptions(db, t1).queryFn!({} as never);
    expect(thread.map((m) => m.id)).toEqual(['00000000-0000-4000-8000-0000000000d1', replyId]);
    // Confirmed by the server while still in the outbox: shown once, and a replay finds it in the ticket's thread.
    await mergeIntoGroups(db, 'message', [{ ...message(replyId, t1, 21, 'On it'), kind: 'public_reply', authorAgentId: agentId }]);
    const again = await ticketMessagesQueryOptions(db, t1).queryFn!({} as never);
    expect(again.filter((m) => m.id === replyId)).toHaveLength(1);
    expect(await baseRowForMutation(db, 'message', replyId, { ticketId: t1 })).toMatchObject({ id: replyId, body: 'On it' });
    expect(await baseRowForMutation(db, 'message', replyId, { ticketId: t2 })).toBeUndefined();
    expect(await baseRowForMutation(db, 'ticket', t1, {})).toMatchObject({ id: t1 });
  });

  it('moves the messages and SLA events of an older cache into per-ticket records on upgrade', async () => {
    const factory = new IDBFactory();
    // The cache as version 4 left it (one record per message and per SLA event).
    const old = new Dexie('groups-upgrade', { indexedDB: factory, IDBKeyRange });
    old.version(4).stores({
      accounts: 'id', contacts: 'id, accountId', agents: 'id', teams: 'id', tickets: 'id, accountId, status, ownerId',
      messages: 'id, [ticketId+createdAt]', escalations: 'id, ticketId', incidents: 'id', knowledge_articles: 'id', macros: 'id',
      sla_policies: 'id', business_calendars: 'id', sla_events: 'id, [ticketId+at]', outbox: 'id, status', meta: 'key',
      overlay: '[entity+id], entity', ticketDetails: 'ticketId',
    });
    await old.open();
    await old.table('messages').bulkPut([message('m2', t1, 20), message('m1', t1, 10), message('m9', t2, 5)]);
    await old.table('sla_events').bulkPut([event('e1', t1, 'start', 10)]);
    old.close();

    const db = open(new AccordDb('groups-upgrade', { indexedDB: factory, IDBKeyRange }));
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('messages');
    expect((await readThread(db, t1)).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect((await readThread(db, t2)).map((m) => m.id)).toEqual(['m9']);
    expect((await db.slaHistories.get(t1))?.events.map((e) => e.id)).toEqual(['e1']);
  });
});
