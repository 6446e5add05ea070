import { randomUUID } from 'node:crypto';
import type { Account, Agent, Role, Ticket } from '../../shared/domain';
import { createDb, encodeRow, migrateToLatest, type Db, type DbHandle, type Dialect } from '../../server/db';
import { createTestDatabase } from '../support/testDb';

/** Test data for the sync tests: a fresh database (SQLite file or a private PostgreSQL schema) with a few rows. */
export interface SyncFixture {
  handle: DbHandle;
  url: string;
  agents: Record<'tier1' | 'tier1b' | 'lead', Agent>;
  account: Account;
  tickets: Ticket[];
  close(): Promise<void>;
}

export function agentRow(role: Role, name: string, now: number): Agent {
  return {
    id: randomUUID(),
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${randomUUID().slice(0, 8)}@accord.test`,
    name,
    role,
    teamId: null,
    timeZone: 'Europe/Berlin',
    shiftStart: '09:00',
    shiftEnd: '17:00',
    active: true,
    version: 1,
    updatedAt: now,
  };
}

export function accountRow(now: number): Account {
  return {
    id: randomUUID(),
    name: 'Globex',
    domain: 'globex.test',
    plan: 'enterprise',
    arrMinor: 12_000_000,
    currency: 'EUR',
    contractStart: '2024-01-01',
    renewalDate: '2026-01-01',
    seatsLicensed: 100,
    seatsActive: 80,
    region: 'EU',
    timeZone: 'Europe/Berlin',
    ownerId: null,
    coverage: 'dedicated',
    slaPolicyId: null,
    healthScore: 70,
    healthBand: 'green',
    healthComponents: [],
    nps: null,
    csat: null,
    onboardingStage: 'complete',
    lastQbr: null,
    nextQbr: null,
    version: 1,
    updatedAt: now,
  };
}

export function ticketRow(accountId: string, number: number, now: number, patch: Partial<Ticket> = {}): Ticket {
  return {
    id: randomUUID(),
    number,
    subject: `Ticket ${number}`,
    accountId,
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
    plan: 'enterprise',
    createdAt: now,
    updatedAt: now,
    solvedAt: null,
    lastCustomerMessageAt: now,
    lastAgentReplyAt: null,
    awaitingReplySince: null,
    statusHistory: [],
    version: 1,
    ...patch,
  };
}

export interface SyncSeed {
  agents: Record<'tier1' | 'tier1b' | 'lead', Agent>;
  account: Account;
  tickets: Ticket[];
}

/** Three agents, one account and `ticketCount` tickets, written straight into a migrated database. */
export async function seedSyncData(db: Db, dialect: Dialect, ticketCount = 5, now = 1_750_000_000_000): Promise<SyncSeed> {
  const agents = {
    tier1: agentRow('tier1', 'Tia One', now),
    tier1b: agentRow('tier1', 'Tom One', now),
    lead: agentRow('lead', 'Lea Lead', now),
  };
  const account = accountRow(now);
  const tickets = Array.from({ length: ticketCount }, (_, i) => ticketRow(account.id, i + 1, now));
  for (const agent of Object.values(agents)) {
    await db.insertInto('agents').values({ ...encodeRow('agent', agent, dialect), passwordHash: null } as never).execute();
  }
  await db.insertInto('accounts').values(encodeRow('account', account, dialect) as never).execute();
  for (let i = 0; i < tickets.length; i += 500) {
    await db
      .insertInto('tickets')
      .values(tickets.slice(i, i + 500).map((ticket) => encodeRow('ticket', ticket, dialect)) as never)
      .execute();
  }
  await db.updateTable('meta').set({ value: String(ticketCount) }).where('key', '=', 'ticket_number').execute();
  return { agents, account, tickets };
}

/** A fresh migrated database (test/support) with the sync seed. */
export async function createSyncFixture(dialect: Dialect, ticketCount = 5): Promise<SyncFixture> {
  const database = await createTestDatabase(dialect);
  const handle = createDb(database.url);
  await migrateToLatest(handle.db, handle.dialect);
  const seed = await seedSyncData(handle.db, handle.dialect, ticketCount);
  return {
    handle,
    url: database.url,
    ...seed,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}
