import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSession } from '../../server/auth/sessions';
import { createDb, migrateToLatest, type DbHandle } from '../../server/db';
import type { Poke } from '../../shared/sync/protocol';
import { withTestDatabases, type TestDatabase } from '../support/testDb';
import { startServerProcess, type ServerProcess } from './syncProcesses';
import { seedSyncData, type SyncSeed } from './syncSupport';

/** Two server processes on one PostgreSQL: a commit through one pokes the WebSocket clients of the other. */
const targets = await withTestDatabases();
const postgres = targets.find((target) => target.dialect === 'postgres')!;

describe.skipIf(!postgres.available)('live pokes fan out across server processes (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let handle: DbHandle;
  let seed: SyncSeed;
  let token: string;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    database = await postgres.create();
    handle = createDb(database.url);
    await migrateToLatest(handle.db, handle.dialect);
    seed = await seedSyncData(handle.db, handle.dialect, 2);
    token = (await createSession(handle.db, seed.agents.lead.id, Date.now())).token;
    processes.push(await startServerProcess(database.url));
    processes.push(await startServerProcess(database.url));
  });
  afterAll(async () => {
    for (const process of processes) await process.kill();
    await handle?.close();
    await database?.drop();
  });

  it('a change pushed to server B pokes a client connected to server A within a second', async () => {
    const [a, b] = processes as [ServerProcess, ServerProcess];
    const socket = new WebSocket(`${a.baseUrl.replace('http', 'ws')}/api/sync/live?token=${token}`);
    const pokes: Array<Poke & { at: number }> = [];
    socket.on('message', (data) => pokes.push({ ...(JSON.parse(String(data)) as Poke), at: Date.now() }));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = pokes.length;

    const sentAt = Date.now();
    const response = await fetch(`${b.baseUrl}/api/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: randomUUID(), mutations: [{ id: 1, name: 'ticket.setSeverity', args: { ticketId: seed.tickets[0]!.id, severity: 1 }, clientTime: sentAt }] }),
    });
    expect(response.status).toBe(200);
    const deadline = Date.now() + 1000;
    while (pokes.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pokes.length).toBeGreaterThan(before);
    const poke = pokes[before]!;
    expect(poke.seq).toBeGreaterThan(0);
    expect(poke.at - sentAt).toBeLessThan(1000);
    socket.close();
  });

  it('refuses a live connection without a valid token', async () => {
    const socket = new WebSocket(`${processes[0]!.baseUrl.replace('http', 'ws')}/api/sync/live?token=nope`);
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });
});
