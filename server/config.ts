import { z } from 'zod';

/**
 * Backend configuration, read from the environment once at start-up. Bad values stop the server with a message
 * naming the variable, rather than a stack trace later.
 */

export type DemoSize = 'small' | 'large';

export interface ServerConfig {
  port: number;
  /** Interface to bind; 127.0.0.1 keeps the embedded desktop backend private. Use 0.0.0.0 to serve a team. */
  host: string;
  databaseUrl: string;
  demo: DemoSize | null;
  /** The built renderer served as the web console at `/`. */
  staticDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* from a reverse proxy (for the client IP in rate limits and the cookie's Secure flag). */
  trustProxy: boolean;
  /**
   * Other origins whose pages may call the API with a bearer token (CORS, no credentials). The desktop renderer
   * runs at app://accord and talks to the embedded backend on http://127.0.0.1, so it is allowed by default.
   */
  corsOrigins: string[];
  /** Run the SLA breach scanner in this process (ACCORD_SLA_SCANNER=off turns it off; several processes may run it). */
  slaScanner: boolean;
  /**
   * The segmented bootstrap kept ready on disk (server/sync/readySnapshot.ts), ACCORD_READY_SNAPSHOT: `warm`
   * renders one at start-up and keeps it fresh, `on-demand` keeps what agents' bootstraps render, `off` renders
   * every bootstrap live.
   */
  readySnapshot: 'warm' | 'on-demand' | 'off';
  /** Sign-ins allowed per minute per client IP and email, and 10× that per IP across emails (ACCORD_LOGINS_PER_MINUTE). */
  loginsPerMinute: number;
}

const originSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i, 'expected an origin such as app://accord or http://localhost:5173');

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65_535).default(7340)),
  HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('sqlite:.accord/accord.sqlite')
      .refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\//.test(url), {
        message: 'expected sqlite:<path> or postgres://user@host:port/db',
      }),
  ),
  ACCORD_DEMO: z.preprocess(emptyToUndefined, z.enum(['small', 'large']).optional()),
  ACCORD_STATIC_DIR: z.preprocess(emptyToUndefined, z.string().default('out/renderer')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false']).default('false')),
  ACCORD_SLA_SCANNER: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  ACCORD_READY_SNAPSHOT: z.preprocess(emptyToUndefined, z.enum(['warm', 'on-demand', 'off']).default('warm')),
  ACCORD_LOGINS_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(10)),
  ACCORD_CORS_ORIGINS: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((o) => o.trim()).filter(Boolean) : undefined),
    z.array(originSchema).default(['app://accord']),
  ),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid backend configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    demo: e.ACCORD_DEMO ?? null,
    staticDir: e.ACCORD_STATIC_DIR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    corsOrigins: e.ACCORD_CORS_ORIGINS,
    slaScanner: e.ACCORD_SLA_SCANNER === 'on',
    readySnapshot: e.ACCORD_READY_SNAPSHOT,
    loginsPerMinute: e.ACCORD_LOGINS_PER_MINUTE,
  };
}
