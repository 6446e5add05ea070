import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { WebSocket as NodeWebSocket } from 'ws';
import { createSession } from '../../server/auth/sessions';
import type { Db } from '../../server/db/types';
import type { Agent } from '../../shared/domain';
import type { MutationInput, MutationName } from '../../shared/sync/mutators';

/*
 * The renderer's data layer is compiled by the web project (DOM lib); this Node-side test loads it at run time
 * through a computed specifier so that the node type-check does not pull renderer files into its program.
 * The shapes used here are declared below.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
export interface ClientCache {
  name: string;
  outbox: Loose;
  meta: Loose;
  overlay: Loose;
  tickets: Loose;
  messages: Loose;
  table(name: string): Loose;
  close(): void;
}
export interface ClientEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  trigger(): void;
  syncOnce(): Promise<void>;
  serverNow(): number;
  isOwner: boolean;
}
interface RendererData {
  AccordDb: new (name: string, options: { indexedDB: unknown; IDBKeyRange: unknown }) => ClientCache;
  SyncEngine: new (options: Record<string, unknown>) => ClientEngine;
  createHttpSyncTransport(options: Record<string, unknown>): Record<string, Loose>;
  enqueueMutation(db: ClientCache, name: string, args: unknown, options: { now: number; offline: boolean }): Promise<Loose>;
  viewRow(db: ClientCache, entity: string, id: string): Promise<Loose>;
  viewRows(db: ClientCache, entity: string, baseRows: Loose[]): Promise<Loose[]>;
  SyncNetworkError: new (message: string) => Error;
  SyncHttpError: new (status: number, code: string, message: string, details?: unknown) => Error;
  discardRejected(db: ClientCache, id: number): Promise<void>;
  retryRejected(db: ClientCache, id: number, now: number, offline: boolean): Promise<Loose>;
  /** Stored rows as the renderer reads them: the table's own rows and the snapshot's segments (data/segments.ts). */
  getStoredRow(db: ClientCache, table: string, id: string): Promise<Loose>;
  allStoredRows(db: ClientCache, table: string): Promise<Loose[]>;
  countStoredRows(db: ClientCache, table: string): Promise<number>;
}
const dataModules = ['db', 'syncEngine', 'syncTransport', 'outbox', 'readModel', 'applyPendingMutations', 'segments'];
export async function loadRendererData(): Promise<RendererData> {
  const loaded = await Promise.all(
    dataModules.map((name) => import(/* @vite-ignore */ new URL(`../../renderer/src/data/${name}.ts`, import.meta.url).href)),
  );
  return Object.assign({}, ...loaded) as RendererData;
}

/**
 * A sync client as the renderer runs it — the real data layer (Dexie cache, outbox, engine, transport) — in
 * Node. The browser edge is replaced: fake-indexeddb stands in for IndexedDB (one factory per client = one
 * device) and `ws` for the browser WebSocket. `offline` cuts the network at the fetch/WebSocket edge.
 */
export interface TestSyncClient {
  db: ClientCache;
  engine: ClientEngine;
  data: RendererData;
  agent: Agent;
  token: string;
  network: { offline: boolean };
  mutate<N extends MutationName>(name: N, args: MutationInput<N>): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSyncClient(
  baseUrl: string,
  db: Db,
  agent: Agent,
  options: { live?: boolean; idlePullMs?: number; indexedDB?: InstanceType<typeof IDBFactory>; name?: string } = {},
): Promise<TestSyncClient> {
  const data = await loadRendererData();
  const { AccordDb, SyncEngine, createHttpSyncTransport, enqueueMutation } = data;
  const { token } = await createSession(db, agent.id, Date.now());
  const network = { offline: false };
  const edgeFetch: typeof fetch = async (input, init) => {
    if (network.offline) throw new TypeError('fetch failed (test: network cut)');
    return fetch(input, init);
  };
  const indexedDB = options.indexedDB ?? new IDBFactory();
  const cache = new AccordDb(options.name ?? 'accord', { indexedDB, IDBKeyRange });
  const transport = createHttpSyncTransport({
    baseUrl,
    getToken: () => token,
    fetch: edgeFetch,
    // The live channel is cut with the network too.
    WebSocket: class extends NodeWebSocket {
      constructor(url: string) {
        super(network.offline ? 'ws://127.0.0.1:9/' : url);
      }
    },
  });
  const live = options.live ?? true;
  const engine = new SyncEngine({
    db: cache,
    transport: live ? transport : { ...transport, live: () => () => {} },
    agent: { id: agent.id, role: agent.role },
    locks: null,
    idlePullMs: options.idlePullMs ?? 60_000,
    maxBackoffMs: 200,
  });
  await engine.start();
  return {
    db: cache,
    engine,
    data,
    agent,
    token,
    network,
    async mutate(name, args) {
      await enqueueMutation(cache, name, args, { now: engine.serverNow(), offline: network.offline });
      engine.trigger();
    },
    async close() {
      await engine.stop();
      cache.close();
    },
  };
}

/** Resolves when `check` passes (polling), or rejects after `timeoutMs` with the last failure. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
