import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { decodeRow } from '../../server/db/codec';
import {
  bootstrapLines,
  ClientMismatchError,
  CursorExpiredError,
  MutationGapError,
  pullChanges,
  pushMutations,
} from '../../server/sync';
import type { Agent, TicketStatus } from '../../shared/domain';
import { ticketStatuses } from '../../shared/domain';
import type { PullResponse, PushRequest } from '../../shared/sync/protocol';
import { loadRendererData, type ClientCache, type ClientEngine } from './syncClients';
import { createSyncFixture, type SyncFixture } from './syncSupport';

/**
 * Property: random mutations from several clients with offline periods, lost requests and lost replies (so pushes
 * are retried: duplicated), and stale pushes re-delivered late (reordered), converge — every client's view equals
 * the server's rows — and every mutation is applied exactly once or rejected with a reason.
 *
 * Real code on both sides: the renderer's data layer (Dexie over fake-indexeddb, the browser edge) and the server's
 * push/pull/bootstrap functions over SQLite. Only the network between them is simulated, in process.
 */

const data = await loadRendererData();
const tags = ['a', 'b', 'c'];

type Op =
  | { kind: 'reply' | 'addNote'; ticket: number }
  | { kind: 'setStatus'; ticket: number; status: TicketStatus; withFrom: boolean }
  | { kind: 'setSeverity'; ticket: number; severity: 1 | 2 | 3 | 4 }
  | { kind: 'addTag' | 'removeTag'; ticket: number; tag: string }
  | { kind: 'take'; ticket: number }
  | { kind: 'assignOther'; ticket: number; to: number };

type Step =
  | { kind: 'mutate'; client: number; op: Op }
  | { kind: 'sync'; client: number; fault: 'none' | 'loseRequest' | 'loseReply' }
  | { kind: 'network'; client: number; offline: boolean }
  | { kind: 'redeliver'; client: number; pick: number };

const ticketIdx = fc.nat({ max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('reply' as const, 'addNote' as const), ticket: ticketIdx }),
  fc.record({ kind: fc.constant('setStatus' as const), ticket: ticketIdx, status: fc.constantFrom(...ticketStatuses), withFrom: fc.boolean() }),
  fc.record({ kind: fc.constant('setSeverity' as const), ticket: ticketIdx, severity: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) }),
  fc.record({ kind: fc.constantFrom('addTag' as const, 'removeTag' as const), ticket: ticketIdx, tag: fc.constantFrom(...tags) }),
  fc.record({ kind: fc.constant('take' as const), ticket: ticketIdx }),
  fc.record({ kind: fc.constant('assignOther' as const), ticket: ticketIdx, to: fc.nat({ max: 2 }) }),
);
const clientIdx = fc.nat({ max: 2 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('mutate' as const), client: clientIdx, op: opArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), client: clientIdx, fault: fc.constantFrom('none' as const, 'none' as const, 'loseRequest' as const, 'loseReply' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('network' as const), client: clientIdx, offline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), client: clientIdx, pick: fc.nat() }) },
);

interface SimClient {
  agent: Agent;
  db: ClientCache;
  engine: ClientEngine;
  offline: boolean;
  fault: 'none' | 'loseRequest' | 'loseReply';
  sentPushes: PushRequest[];
  enqueued: number;
}

let serverClock = 1_760_000_000_000;
const serverNow = () => (serverClock += 7);

function inProcessTransport(fixture: SyncFixture, client: () => SimClient) {
  const { db, dialect } = fixture.handle;
  const netCheck = () => {
    if (client().offline) throw new data.SyncNetworkError('offline (simulated network)');
  };
  const asHttpError = (error: unknown): never => {
    if (error instanceof MutationGapError) throw new data.SyncHttpError(409, 'sync_mutation_gap', error.message, { lastMutationId: error.lastMutationId });
    if (error instanceof CursorExpiredError) throw new data.SyncHttpError(410, 'sync_cursor_expired', error.message);
    if (error instanceof ClientMismatchError) throw new data.SyncHttpError(403, 'sync_client_mismatch', error.message);
    throw error;
  };
  return {
    async pull(cursor: number, limit: number, clientId: string): Promise<PullResponse> {
      netCheck();
      const result = await pullChanges(db, { cursor, limit, clientId }, client().agent.id, serverNow()).catch(asHttpError);
      return JSON.parse(result.json) as PullResponse;
    },
    async push(request: PushRequest) {
      netCheck();
      const sim = client();
      const fault = sim.fault;
      sim.fault = 'none';
      if (fault === 'loseRequest') throw new data.SyncNetworkError('request lost (simulated)');
      sim.sentPushes.push(structuredClone(request));
      const response = await pushMutations(db, dialect, { id: sim.agent.id, role: sim.agent.role }, request, serverNow).catch(asHttpError);
      if (fault === 'loseReply') throw new data.SyncNetworkError('reply lost (simulated)');
      return response;
    },
    async bootstrap() {
      netCheck();
      const lines = bootstrapLines(db, serverNow());
      const encoder = new TextEncoder();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
    },
    live: () => () => {},
  };
}

/** What the client shows of an entity: base rows (messages live in per-ticket thread records) with the overlay. */
async function viewOf(cache: ClientCache, entity: string, table: string) {
  const base =
    table === 'messages'
      ? ((await data.allStoredRows(cache, 'threads')) as Array<{ messages: unknown[] }>).flatMap((thread) => thread.messages)
      : await data.allStoredRows(cache, table);
  const rows = await data.viewRows(cache, entity, base);
  return rows.sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id));
}

async function serverRows(fixture: SyncFixture, entity: 'ticket' | 'message', table: 'tickets' | 'messages') {
  const rows = await fixture.handle.db.selectFrom(table).selectAll().execute();
  return rows.map((row) => decodeRow(entity, row as never)).sort((a, b) => a.id.localeCompare(b.id));
}

async function runScenario(steps: Step[]): Promise<void> {
  const fixture = await createSyncFixture('sqlite', 3);
  const sims: SimClient[] = [];
  try {
    const agents = [fixture.agents.tier1, fixture.agents.tier1b, fixture.agents.lead];
    for (const [i, agent] of agents.entries()) {
      const db = new data.AccordDb(`conv-${i}`, { indexedDB: new IDBFactory(), IDBKeyRange });
      const sim = { agent, db, offline: false, fault: 'none', sentPushes: [], enqueued: 0 } as unknown as SimClient;
      sim.engine = new data.SyncEngine({
        db,
        transport: inProcessTransport(fixture, () => sim),
        agent: { id: agent.id, role: agent.role },
        locks: null,
        autoRun: false,
        pushBatch: 3,
        clock: () => serverClock,
      });
      await sim.engine.start();
      await sim.engine.syncOnce();
      sims.push(sim);
    }
    const tickets = fixture.tickets;
    for (const step of steps) {
      const sim = sims[step.client]!;
      switch (step.kind) {
        case 'network':
          sim.offline = step.offline;
          break;
        case 'sync':
          sim.fault = step.fault;
          await sim.engine.syncOnce().catch(() => {});
          sim.fault = 'none';
          break;
        case 'redeliver': {
          // An old push arrives again, late and out of order: it must change nothing.
          if (sim.offline || sim.sentPushes.length === 0) break;
          const old = sim.sentPushes[step.pick % sim.sentPushes.length]!;
          const response = await pushMutations(fixture.handle.db, fixture.handle.dialect, { id: sim.agent.id, role: sim.agent.role }, old, serverNow);
          expect(response.results.every((r) => r.status !== 'applied')).toBe(true);
          break;
        }
        case 'mutate': {
          const op = step.op;
          const ticketId = tickets[op.ticket]!.id;
          const view = await data.viewRow(sim.db, 'ticket', ticketId);
          const args = (() => {
            switch (op.kind) {
              case 'reply':
              case 'addNote':
                return { ticketId, messageId: randomUUID(), body: `${op.kind} ${randomUUID().slice(0, 4)}` };
              case 'setStatus':
                return { ticketId, status: op.status, ...(op.withFrom ? { fromStatus: view.status } : {}) };
              case 'setSeverity':
                return { ticketId, severity: op.severity };
              case 'addTag':
              case 'removeTag':
                return { ticketId, tag: op.tag };
              case 'take':
                return { ticketId, assigneeId: sim.agent.id, expectedVersion: view.version };
              case 'assignOther':
                return { ticketId, assigneeId: agents[op.to]!.id, expectedVersion: view.version };
              default: {
                const unreachable: never = op;
                throw new Error(String(unreachable));
              }
            }
          })();
          const name = op.kind === 'take' || op.kind === 'assignOther' ? 'ticket.assign' : `ticket.${op.kind}`;
          try {
            await data.enqueueMutation(sim.db, name, args, { now: serverClock, offline: sim.offline });
            sim.enqueued++;
          } catch (error) {
            // Refused locally already (forbidden, or a transition this client can see is impossible): nothing queued.
            if ((error as Error).name !== 'MutationRejected') throw error;
          }
          break;
        }
        default: {
          const unreachable: never = step;
          throw new Error(String(unreachable));
        }
      }
    }

    // Heal the network and let everyone sync until quiet.
    for (const sim of sims) sim.offline = false;
    for (let round = 0; round < 3; round++) for (const sim of sims) await sim.engine.syncOnce();

    const serverTickets = await serverRows(fixture, 'ticket', 'tickets');
    const serverMessages = await serverRows(fixture, 'message', 'messages');
    for (const sim of sims) {
      expect(await sim.db.outbox.where('status').equals('pending').count()).toBe(0);
      expect(await sim.db.overlay.count()).toBe(0);
      expect(await viewOf(sim.db, 'ticket', 'tickets')).toEqual(serverTickets);
      expect(await viewOf(sim.db, 'message', 'messages')).toEqual(serverMessages);

      // Exactly once or rejected with a reason: one result per mutation id, ids 1..n without holes.
      const clientId = (await sim.db.meta.get('sync.identity')).value.clientId as string;
      const results = await fixture.handle.db
        .selectFrom('mutation_results')
        .selectAll()
        .where('clientId', '=', clientId)
        .orderBy('mutationId')
        .execute();
      expect(results.map((r) => Number(r.mutationId))).toEqual(Array.from({ length: sim.enqueued }, (_, i) => i + 1));
      const rejectedHere = await sim.db.outbox.where('status').equals('rejected').toArray();
      const rejectedThere = results.filter((r) => r.status === 'rejected');
      expect(rejectedHere.map((e: { id: number; rejectReason: string }) => [e.id, e.rejectReason])).toEqual(
        rejectedThere.map((r) => [Number(r.mutationId), r.reason]),
      );
      for (const r of rejectedThere) expect(r.reason).toBeTruthy();
      // Applied mutations wrote their change_log rows in one transaction, once.
      const logged = await fixture.handle.db
        .selectFrom('change_log')
        .select(['mutationId', 'serverTime'])
        .where('clientId', '=', clientId)
        .execute();
      const timesById = new Map<number, Set<number>>();
      for (const row of logged) {
        const set = timesById.get(Number(row.mutationId)) ?? new Set<number>();
        set.add(Number(row.serverTime));
        timesById.set(Number(row.mutationId), set);
      }
      for (const times of timesById.values()) expect(times.size).toBe(1);
    }
    // Every reply/note message exists once (append-only, client ids).
    expect(new Set(serverMessages.map((m) => m.id)).size).toBe(serverMessages.length);
  } finally {
    for (const sim of sims) {
      await sim.engine.stop();
      sim.db.close();
    }
    await fixture.close();
  }
}

describe('sync convergence (property-based, SQLite)', () => {
  it('random multi-client histories with offline periods, lost and re-delivered pushes converge, each mutation once', async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), runScenario), {
      numRuns: Number(process.env.ACCORD_SYNC_PROPERTY_RUNS ?? 25),
    });
  }, 240_000);
});
