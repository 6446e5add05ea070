import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../shared/domain';
import { applyPendingMutations } from './applyPendingMutations';
import { AccordDb, schemaUpgradedElsewhere } from './db';
import { enqueueMutation } from './outbox';
import { viewRow, viewRows } from './readModel';
import { ensureIdentity } from './syncEngine';

// fake-indexeddb stands in for the browser's IndexedDB (the browser edge); everything else is the real data layer.
const agentId = '00000000-0000-4000-8000-0000000000a1';
const ticketId = '00000000-0000-4000-8000-0000000000b1';
const t0 = 1_750_000_000_000;

function ticket(patch: Partial<Ticket> = {}): Ticket {
  return {
    id: ticketId, number: 7, subject: 'Login fails', accountId: '00000000-0000-4000-8000-0000000000c1', requesterId: null,
    channel: 'email', status: 'open', severity: 3, tier: 1, ownerId: null, collaboratorIds: [], teamId: null, tags: [],
    incidentId: null, plan: 'business', createdAt: t0, updatedAt: t0, solvedAt: null, lastCustomerMessageAt: t0,
    lastAgentReplyAt: null, awaitingReplySince: null, statusHistory: [], version: 1, ...patch,
  };
}

const opened: AccordDb[] = [];
async function cache(factory = new IDBFactory()) {
  const db = new AccordDb('accord-test', { indexedDB: factory, IDBKeyRange });
  opened.push(db);
  await ensureIdentity(db, { id: agentId, role: 'tier1' }, () => 'client-1');
  await db.tickets.put(ticket());
  await db.agents.put({ id: agentId, email: 'tia@a.test', name: 'Tia', role: 'tier1', teamId: null, timeZone: 'UTC', shiftStart: '09:00', shiftEnd: '17:00', active: true, version: 1, updatedAt: t0 });
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('the view: base rows with the outbox replayed on top', () => {
  it('shows a queued change at once without touching the base row', async () => {
    const db = await cache();
    await enqueueMutation(db, 'ticket.addTag', { ticketId, tag: 'sso' }, { now: t0 + 1, offline: true });
    expect((await viewRow(db, 'ticket', ticketId))?.tags).toEqual(['sso']);
    expect((await db.tickets.get(ticketId))?.tags).toEqual([]);
    expect(await db.outbox.get(1)).toMatchObject({ name: 'ticket.addTag', status: 'pending', offline: true });
  });

  it('replays in id order and rebuilds after the base moves (a pull)', async () => {
    const db = await cache();
    await enqueueMutation(db, 'ticket.setStatus', { ticketId, status: 'pending_customer' }, { now: t0 + 1, offline: false });
    await enqueueMutation(db, 'ticket.addTag', { ticketId, tag: 'vip' }, { now: t0 + 2, offline: false });
    // The server confirmed mutation 1 and someone else raised the severity: new base row, entry 1 drops out.
    await db.tickets.put(ticket({ status: 'pending_customer', severity: 1, version: 3 }));
    await db.outbox.delete(1);
    await applyPendingMutations(db);
    const view = await viewRow(db, 'ticket', ticketId);
    expect(view).toMatchObject({ status: 'pending_customer', severity: 1, tags: ['vip'], version: 4 });
    expect((await db.overlay.get(['ticket', ticketId]))?.mutationIds).toEqual([2]);
  });

  it('rejected entries are no longer replayed', async () => {
    const db = await cache();
    await enqueueMutation(db, 'ticket.assign', { ticketId, assigneeId: agentId, expectedVersion: 1 }, { now: t0 + 1, offline: false });
    expect((await viewRow(db, 'ticket', ticketId))?.ownerId).toBe(agentId);
    await db.outbox.update(1, { status: 'rejected', rejectCode: 'stale', rejectReason: 'owner changed' });
    await applyPendingMutations(db);
    expect((await viewRow(db, 'ticket', ticketId))?.ownerId).toBeNull();
    expect(await db.overlay.count()).toBe(0);
  });

  it('refuses locally what the mutators refuse, queueing nothing', async () => {
    const db = await cache();
    await expect(
      enqueueMutation(db, 'ticket.setTier', { ticketId, tier: 3 }, { now: t0 + 1, offline: false }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('list reads re-check the filter on overlay rows (a ticket can enter or leave a list)', async () => {
    const db = await cache();
    await enqueueMutation(db, 'ticket.assign', { ticketId, assigneeId: agentId, expectedVersion: 1 }, { now: t0 + 1, offline: false });
    const mine = await viewRows(db, 'ticket', await db.tickets.where('ownerId').equals(agentId).toArray(), (t) => t.ownerId === agentId);
    expect(mine.map((t) => t.id)).toEqual([ticketId]);
    const unowned = await viewRows(db, 'ticket', await db.tickets.filter((t) => t.ownerId === null).toArray(), (t) => t.ownerId === null);
    expect(unowned).toEqual([]);
  });

  it('a cache of another agent is emptied, outbox included, and gets a new client id', async () => {
    const db = await cache();
    await enqueueMutation(db, 'ticket.addTag', { ticketId, tag: 'x' }, { now: t0, offline: false });
    const identity = await ensureIdentity(db, { id: '00000000-0000-4000-8000-0000000000a2', role: 'lead' }, () => 'client-2');
    expect(identity.clientId).toBe('client-2');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.tickets.count()).toBe(0);
  });
});

describe('schema upgrades across windows', () => {
  it('a newer schema opened elsewhere closes this connection instead of hanging the upgrade, and flags a reload', async () => {
    const factory = new IDBFactory();
    const db = await cache(factory);
    expect(db.isOpen()).toBe(true);
    // Another window with a newer build opens the same database at a higher version.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('accord-test', 9999);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('upgrade blocked by the old window'));
    });
    expect(newer.version).toBe(9999);
    newer.close();
    expect(db.isOpen()).toBe(false);
    expect(schemaUpgradedElsewhere.happened).toBe(true);
  });
});
