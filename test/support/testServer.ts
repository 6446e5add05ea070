import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { ServerContext } from '../../server/context';
import type { Dialect } from '../../server/db/types';
import { createTestDatabase, type TestDatabase } from './testDb';

export interface TestServer {
  baseUrl: string;
  app: FastifyInstance;
  ctx: ServerContext;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Injected server clock (the only fake: time). */
  now?: () => number;
  loginRateLimitPerMinute?: number;
  /** Serve this folder as the web console (default: none). */
  staticDir?: string;
  env?: Record<string, string>;
  /** Run the app's own SLA scanner (off by default: its events would interleave with what a test asserts). */
  slaScanner?: boolean;
}

/** A real backend on loopback (random port) over a fresh, migrated database of the given dialect. */
export async function startTestServer(dialect: Dialect, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.ACCORD_TEST_LOG_LEVEL ?? 'silent',
    ACCORD_STATIC_DIR: options.staticDir ?? '/nonexistent-accord-static',
    ACCORD_SLA_SCANNER: options.slaScanner ? 'on' : 'off',
    // Each test's bootstrap renders what the database holds then; the ready snapshot has its own test.
    ACCORD_READY_SNAPSHOT: 'off',
    ...options.env,
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(config, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.loginRateLimitPerMinute ? { loginRateLimitPerMinute: options.loginRateLimitPerMinute } : {}),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('test server has no address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    app,
    ctx: app.accord,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
