import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../../server/db/types';

/**
 * Temporary databases for integration tests: a SQLite file in a temp folder, and a fresh PostgreSQL database
 * (CREATE DATABASE accord_test_<random>) dropped afterwards. Without PostgreSQL the PostgreSQL variants are
 * skipped with a printed reason — except in CI (`CI` set), where a missing PostgreSQL is a failure.
 */

export const postgresAdminUrl = process.env.ACCORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: Dialect;
  /** DATABASE_URL of the fresh database. */
  url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseTarget {
  dialect: Dialect;
  /** For describe titles: "sqlite" / "postgres". */
  label: Dialect;
  available: boolean;
  /** Why the target is skipped, when it is. */
  skipReason: string | null;
  create(): Promise<TestDatabase>;
}

let postgresProbe: Promise<string | null> | null = null;

/** Null when PostgreSQL answers, else the reason it does not. Probed once per test file. */
export function probePostgres(): Promise<string | null> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresProbe;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-it-'));
  return {
    dialect: 'sqlite',
    url: `sqlite:${join(dir, 'accord.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `accord_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: postgresAdminUrl });
      await dropper.connect();
      try {
        // FORCE: a pool the test forgot to close must not leave the database behind.
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqliteTestDatabase() : createPostgresTestDatabase();
}

/**
 * The database targets every integration test runs against. Use with `describe.skipIf(!target.available)`.
 * Prints `skipped: no PostgreSQL at <url>` when PostgreSQL is missing; throws (fails the file) in CI.
 */
export async function withTestDatabases(): Promise<TestDatabaseTarget[]> {
  const problem = await probePostgres();
  let skipReason: string | null = null;
  if (problem !== null) {
    skipReason = `skipped: no PostgreSQL at ${redact(postgresAdminUrl)} (${problem})`;
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI: ${skipReason}`);
    console.warn(skipReason);
  }
  return [
    { dialect: 'sqlite', label: 'sqlite', available: true, skipReason: null, create: createSqliteTestDatabase },
    { dialect: 'postgres', label: 'postgres', available: skipReason === null, skipReason, create: createPostgresTestDatabase },
  ];
}
