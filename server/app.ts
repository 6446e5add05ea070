import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { ORPCError } from '@orpc/server';
import { OpenAPIHandler } from '@orpc/openapi/fastify';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { apiPrefix } from '../shared/api/contract';
import { apiErrorBody } from '../shared/api/errors';
import { clientHeaderName } from '../shared/api/headers';
import type { ServerConfig } from './config';
import { createServerContext, type RequestContext, type ServerContext } from './context';
import { createDb, type DbHandle } from './db/createDb';
import { migrateToLatest } from './db/migrate';
import { ApiError, bodyForORPCError, responseForError } from './errors';
import { openApiDocument } from './routes/openapi';
import { coreRouter } from './routes/router';
import { registerSyncRoutes } from './sync/index';
import { registerSlaScanner } from './sla/slaScanner';
import { loadDemo } from './demo/index';

declare module 'fastify' {
  interface FastifyInstance {
    /** The backend's context (database, config, auth); tests reach the database through it. */
    accord: ServerContext;
  }
}

export interface BuildAppOptions {
  /** Use this database instead of opening `config.databaseUrl` (the caller then closes it). */
  database?: DbHandle;
  /** Injected clock (tests). */
  now?: () => number;
  /** Rate limit of POST /api/auth/login per client IP + email, per minute (tests; else `config.loginsPerMinute`). */
  loginRateLimitPerMinute?: number;
}

export const bodyLimitBytes = 1024 * 1024;

/**
 * Builds the backend: opens and migrates the database, loads demo data into an empty database when asked,
 * and registers the API (oRPC contract routes, sync routes) and the web console. Closing the app closes the
 * database it opened.
 */
export async function buildApp(config: ServerConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    },
    bodyLimit: bodyLimitBytes,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // Undecodable URLs (/api/%zz) are refused before routing; answer them in the one error shape too.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = responseForError(error);
      void sendError(reply, status, body);
    },
  });
  // JSON is the only body the API accepts; a text/plain form post cannot sneak in (415).
  app.removeContentTypeParser('text/plain');

  const database =
    options.database ??
    createDb(config.databaseUrl, { onPoolError: (error) => app.log.error({ err: error }, 'idle PostgreSQL connection failed') });
  if (!options.database) app.addHook('onClose', async () => database.close());

  try {
    await migrateToLatest(database.db, database.dialect);

    const ctx = createServerContext({
      db: database.db,
      dialect: database.dialect,
      config,
      log: app.log,
      version: packageJson.version,
      ...(options.now ? { now: options.now } : {}),
    });
    app.decorate('accord', ctx);

    installErrorHandling(app);
    installSecurityHeaders(app);
    installCors(app, config.corsOrigins);

    await app.register(rateLimit, { global: false });
    registerApiRoutes(app, ctx, options.loginRateLimitPerMinute ?? config.loginsPerMinute);
    await registerSyncRoutes(app, ctx);
    registerSlaScanner(app, ctx);
    await registerWebConsole(app, config);

    if (config.demo) await loadDemoIfEmpty(ctx, config.demo);
  } catch (error) {
    // Never leave a half-built app holding the database open.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** Demo data only ever goes into an empty database; loadDemo checks that and logs what it did. */
async function loadDemoIfEmpty(ctx: ServerContext, size: 'small' | 'large'): Promise<void> {
  await loadDemo(ctx, size);
}

function sendError(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = responseForError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: body.error.code }, 'request refused');
    return sendError(reply, status, body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = path === apiPrefix || path.startsWith(`${apiPrefix}/`);
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !isApi && !/\.[a-z0-9]+$/i.test(path);
    if (wantsPage && hasWebConsole(app)) {
      // SPA fallback: client-side routes (/tickets/123) load the console, which routes itself.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendError(reply, 404, apiErrorBody('not_found', `No route ${request.method} ${path}.`));
  });
}

const webConsoleRoots = new WeakMap<FastifyInstance, string>();
function hasWebConsole(app: FastifyInstance): boolean {
  return webConsoleRoots.has(app);
}

async function registerWebConsole(app: FastifyInstance, config: ServerConfig): Promise<void> {
  const root = resolve(config.staticDir);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ root }, 'web console not built (no index.html); `npm run build` creates it');
    // Still register the plugin so reply.sendFile exists; without index.html the not-found handler answers 404.
    await app.register(fastifyStatic, { root: resolve('.'), serve: false });
    return;
  }
  webConsoleRoots.set(app, root);
  await app.register(fastifyStatic, {
    root,
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
    setHeaders: (res, filePath) => res.setHeader('cache-control', webConsoleCacheControl(relative(root, filePath))),
  });
}

/**
 * Hashed build files never change under their name; everything else (index.html, the service worker /sw.js) is
 * revalidated on every load, so a new build reaches the browser — and the service worker's update check — at once.
 */
function webConsoleCacheControl(relativePath: string): string {
  return relativePath.split(sep)[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function hostForCsp(request: FastifyRequest): string | null {
  const host = request.headers.host;
  return typeof host === 'string' && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : null;
}

function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const host = hostForCsp(request);
    const connect = host ? `'self' ws://${host} wss://${host}` : `'self'`;
    reply.header(
      'content-security-policy',
      [
        `default-src 'self'`,
        `connect-src ${connect}`,
        `frame-src 'self' blob:`,
        // The search worker and the web console's service worker (/sw.js) are same-origin scripts.
        `worker-src 'self'`,
        `img-src 'self' data: blob:`,
        `object-src 'none'`,
        `base-uri 'none'`,
        `frame-ancestors 'none'`,
        `form-action 'self'`,
      ].join('; '),
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (request.url.startsWith(`${apiPrefix}/`)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

function loginEmailKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 320) : '';
  return `login|${request.ip}|${email}`;
}

/**
 * CORS for the few origins that are not the backend's own: the desktop renderer (app://accord) calling the
 * embedded backend, or a dev server. Bearer tokens only — credentials (the cookie) are never allowed
 * cross-origin, so the cookie stays a same-origin, web-console-only thing.
 */
function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase()));
  const originOf = (request: FastifyRequest): string | null => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && allowed.has(origin.toLowerCase()) ? origin : null;
  };
  app.addHook('onRequest', async (request, reply) => {
    const origin = originOf(request);
    if (request.method !== 'OPTIONS' || !origin || !request.headers['access-control-request-method']) return;
    if (!request.url.startsWith(`${apiPrefix}/`)) return;
    reply
      .status(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', `authorization, content-type, range, ${clientHeaderName}`)
      .header('access-control-max-age', '600')
      .header('vary', 'Origin');
    return reply.send();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = originOf(request);
    if (origin && request.url.startsWith(`${apiPrefix}/`)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'retry-after');
      reply.header('vary', 'Origin');
    }
    return payload;
  });
}

function registerApiRoutes(app: FastifyInstance, ctx: ServerContext, loginPerMinute: number): void {
  const handler = new OpenAPIHandler<RequestContext>(coreRouter, {
    customErrorResponseBodyEncoder: (error) => bodyForORPCError(error),
    clientInterceptors: [
      async ({ next }) => {
        try {
          return await next();
        } catch (error) {
          if (error instanceof ApiError) throw error.toORPCError();
          if (!(error instanceof ORPCError) || error.status >= 500) ctx.log.error({ err: error }, 'procedure failed');
          throw error;
        }
      },
    ],
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const { matched } = await handler.handle(request, reply, {
      prefix: apiPrefix,
      context: { server: ctx, request, reply },
    });
    if (!matched) {
      const path = request.url.split('?')[0];
      return sendError(reply, 404, apiErrorBody('not_found', `No route ${request.method} ${path}.`));
    }
    return reply;
  };

  app.get(`${apiPrefix}/openapi.json`, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(await openApiDocument(ctx.version));
  });

  // Two budgets for sign-in: per client IP + email (guessing one password) and, 10× larger, per client IP
  // across all emails (password spraying). Checked after the body is parsed so the key can hold the email.
  const perEmail = app.createRateLimit({ max: loginPerMinute, timeWindow: 60_000, keyGenerator: loginEmailKey });
  const perClient = app.createRateLimit({
    max: loginPerMinute * 10,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `login-ip|${request.ip}`,
  });
  const limitLogin = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of [perClient, perEmail]) {
      const state = await limiter(request);
      if (state.isAllowed || !state.isExceeded) continue;
      reply.header('retry-after', String(state.ttlInSeconds));
      throw new ApiError('rate_limited', `Too many sign-in attempts. Try again in ${state.ttlInSeconds} seconds.`, {
        details: { retryAfterSeconds: state.ttlInSeconds },
      });
    }
  };
  app.post(`${apiPrefix}/auth/login`, { preHandler: limitLogin }, handle);
  app.all(`${apiPrefix}/*`, handle);
  app.all(apiPrefix, handle);
}
