import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Dialect } from './types';

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** Human-readable location for logs: the SQLite file path, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

/** `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`. */
export function parseDatabaseUrl(url: string): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new Error('DATABASE_URL sqlite:<path> needs a path');
    return { dialect: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  throw new Error(`DATABASE_URL must be sqlite:<path> or postgres://…, got ${JSON.stringify(url)}`);
}

export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** int8 (BIGINT, COUNT(*)) parsed as a JS number; every bigint we store is an epoch ms, a seq or a counter. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} does not fit in a JS number`);
  return n;
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface CreateDbOptions {
  /**
   * Errors of idle PostgreSQL connections (server restart, network drop). pg emits them on the pool; unhandled
   * they would crash the process, handled the pool simply reconnects on the next query.
   */
  onPoolError?: (error: Error) => void;
}

export function createDb(url: string, options: CreateDbOptions = {}): DbHandle {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    const memory = target.path === ':memory:';
    const path = memory ? ':memory:' : resolve(target.path);
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    // WAL: readers do not block the writer; FULL: a committed mutation survives power loss (the outbox was
    // already cleared on the client when it saw `applied`).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      dialect: 'sqlite',
      location: path,
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, types: pgTypes, max: 10 });
  pool.on('error', options.onPoolError ?? ((error) => console.error('PostgreSQL connection error:', error.message)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: redactDatabaseUrl(target.url),
    close: () => db.destroy(),
  };
}
