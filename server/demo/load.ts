/**
 * Loads the demo data set into an empty database: rows from `generateDemo`, encoded by the schema-driven codec
 * (server/db/codec.ts), inserted with multi-row INSERTs sized under the parameter limits (SQLite 32,766,
 * PostgreSQL 65,535). The whole load is one transaction, so a crash never leaves half a demo behind (the next
 * start sees an empty database and loads again), and on PostgreSQL an advisory lock makes a second server
 * process that starts at the same moment wait and then find the data already there.
 */
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { syncEntities, type SyncEntity } from '../../shared/sync/entities';
import { hashPassword } from '../auth/passwords';
import type { ServerContext } from '../context';
import { encodeRow, entityColumns } from '../db/codec';
import type { Database } from '../db/types';
import { DEFAULT_DEMO_SEED, demoSizes, generateDemo, type DemoBatch, type DemoSize } from './generate';
import { DEMO_PASSWORD, demoLoginEmails } from './staff';

export type DemoLoadContext = Pick<ServerContext, 'db' | 'dialect' | 'log' | 'now'>;

export interface LoadDemoOptions {
  readonly seed?: number;
  /** The data set's present moment; defaults to the server clock. */
  readonly now?: number;
}

export interface DemoLoadResult {
  readonly loaded: boolean;
  readonly counts: Partial<Record<SyncEntity, number>>;
  readonly ms: number;
  readonly lastTicketNumber: number;
}

/** Parameter budget per statement, below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
const maxParams = { sqlite: 32_000, postgres: 65_000 } as const;
/** Key of the transaction-scoped advisory lock that serialises demo loads across server processes. */
const demoLoadLockKey = 7_340_002;
export const demoMetaKey = 'demo';
/** Negative cache_size is KiB: 64 MiB while loading. */
const loadCacheSizeKiB = -65_536;

/** Entity tables the emptiness check looks at: a database with people or tickets in it is never touched. */
async function isEmpty(db: Kysely<Database> | Transaction<Database>): Promise<{ empty: boolean; agents: number; tickets: number }> {
  const agents = await db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const tickets = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const a = Number(agents.n);
  const t = Number(tickets.n);
  return { empty: a === 0 && t === 0, agents: a, tickets: t };
}

class BatchInserter {
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly passwordHash: string,
  ) {}

  private columns(entity: SyncEntity): string[] {
    const names = entityColumns[entity].map((c) => c.name);
    return entity === 'agent' ? [...names, 'passwordHash'] : names;
  }

  /** INSERT text for `rowCount` rows, cached: the large set reuses a handful of shapes thousands of times. */
  private statement(entity: SyncEntity, columns: readonly string[], rowCount: number): string {
    const key = `${entity}:${rowCount}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      const head = `insert into ${syncEntities[entity]} (${columns.map((c) => `"${c}"`).join(', ')}) values `;
      const tuples: string[] = [];
      let p = 0;
      for (let r = 0; r < rowCount; r++) {
        const marks: string[] = [];
        for (let c = 0; c < columns.length; c++) marks.push(this.dialect === 'postgres' ? `$${++p}` : '?');
        tuples.push(`(${marks.join(', ')})`);
      }
      text = head + tuples.join(', ');
      this.statements.set(key, text);
    }
    return text;
  }

  async insert(batch: DemoBatch): Promise<void> {
    const { entity } = batch;
    const columns = this.columns(entity);
    const perStatement = Math.max(1, Math.floor(maxParams[this.dialect] / columns.length));
    const rows = batch.rows as readonly Record<string, unknown>[];
    for (let start = 0; start < rows.length; start += perStatement) {
      const slice = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      for (const row of slice) {
        const encoded = encodeRow(entity, row, this.dialect) as Record<string, unknown>;
        for (const column of columns) {
          if (column === 'passwordHash') params.push(demoLoginEmails.has(String(row.email)) ? this.passwordHash : null);
          else params.push(encoded[column] ?? null);
        }
      }
      await this.trx.executeQuery(CompiledQuery.raw(this.statement(entity, columns, slice.length), params));
    }
  }
}

/**
 * Loads the `size` demo data set if the database has no agents and no tickets; otherwise logs and does nothing.
 * The six demo agents (tier1@ … admin@accord.demo) get the password `accord-demo`; other agents cannot sign in.
 */
export async function loadDemo(ctx: DemoLoadContext, size: DemoSize, options: LoadDemoOptions = {}): Promise<DemoLoadResult> {
  const started = performance.now();
  const counts: Partial<Record<SyncEntity, number>> = {};
  const before = await isEmpty(ctx.db);
  if (!before.empty) {
    ctx.log.info({ agents: before.agents, tickets: before.tickets }, 'demo data not loaded: the database is not empty');
    return { loaded: false, counts, ms: 0, lastTicketNumber: 0 };
  }

  // One argon2id hash serves all six demo agents (a PHC string carries its own salt and parameters).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = options.now ?? ctx.now();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const spec = demoSizes[size];
  ctx.log.info({ size, seed, ...spec }, 'loading demo data');

  // SQLite: a big page cache for the duration of the load keeps the id indexes in memory (random UUIDs touch
  // every page of them); the connection's own setting comes back afterwards.
  let restoreCacheSize: number | null = null;
  if (ctx.dialect === 'sqlite') {
    const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(ctx.db);
    restoreCacheSize = Number(rows[0]?.cache_size ?? -2000);
    await sql.raw(`pragma cache_size = ${loadCacheSizeKiB}`).execute(ctx.db);
  }
  try {
    return await insertDemo(ctx, size, { seed, now, spec, passwordHash, started, counts });
  } finally {
    if (restoreCacheSize !== null) await sql.raw(`pragma cache_size = ${Math.trunc(restoreCacheSize)}`).execute(ctx.db);
  }
}

async function insertDemo(
  ctx: DemoLoadContext,
  size: DemoSize,
  o: { seed: number; now: number; spec: (typeof demoSizes)[DemoSize]; passwordHash: string; started: number; counts: Partial<Record<SyncEntity, number>> },
): Promise<DemoLoadResult> {
  const { seed, now, spec, passwordHash, started, counts } = o;
  const insertMs: Partial<Record<SyncEntity, number>> = {};
  const loaded = await ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${demoLoadLockKey})`.execute(trx);
      const inside = await isEmpty(trx);
      if (!inside.empty) {
        ctx.log.info({ agents: inside.agents, tickets: inside.tickets }, 'demo data loaded by another server process meanwhile');
        return false;
      }
    }
    const inserter = new BatchInserter(trx, ctx.dialect, passwordHash);
    let lastTicketNumber = 0;
    let nextReport = 0.1;
    for (const batch of generateDemo(size, { seed, now })) {
      const t0 = performance.now();
      await inserter.insert(batch);
      insertMs[batch.entity] = (insertMs[batch.entity] ?? 0) + performance.now() - t0;
      counts[batch.entity] = (counts[batch.entity] ?? 0) + batch.rows.length;
      if (batch.entity === 'ticket') {
        for (const ticket of batch.rows) lastTicketNumber = Math.max(lastTicketNumber, ticket.number ?? 0);
        const done = (counts.ticket ?? 0) / spec.tickets;
        if (done >= nextReport) {
          ctx.log.info({ tickets: counts.ticket, messages: counts.message ?? 0, ms: Math.round(performance.now() - started) }, `demo data: ${Math.round(done * 100)}% of tickets`);
          while (nextReport <= done) nextReport += 0.1;
        }
      }
    }
    // The ticket number counter continues after the demo's highest number.
    await trx
      .insertInto('meta')
      .values({ key: 'ticket_number', value: String(lastTicketNumber) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(lastTicketNumber) }))
      .execute();
    const marker = JSON.stringify({ size, seed, now, loadedAt: ctx.now(), counts });
    await trx
      .insertInto('meta')
      .values({ key: demoMetaKey, value: marker })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: marker }))
      .execute();
    return lastTicketNumber;
  });

  const ms = Math.round(performance.now() - started);
  if (loaded === false) return { loaded: false, counts: {}, ms, lastTicketNumber: 0 };
  const roundedInsertMs = Object.fromEntries(Object.entries(insertMs).map(([k, v]) => [k, Math.round(v)]));
  ctx.log.info({ size, ms, counts, insertMs: roundedInsertMs }, 'demo data loaded');
  return { loaded: true, counts, ms, lastTicketNumber: loaded };
}
