import websocket from '@fastify/websocket';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorBody } from '../../shared/api/errors';
import type { MutationActor } from '../../shared/sync/mutators';
import { can } from '../../shared/api/permissions';
import {
  outlineBootstrapFormat,
  pullQuerySchema,
  pushRequestSchema,
  segmentedBootstrapFormat,
  snapshotBodyPathPrefix,
  syncErrorCodes,
  ticketDetailQuerySchema,
  type TicketDetailResponse,
} from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { ApiError } from '../errors';
import { ClientMismatchError, MutationGapError } from './applyMutation';
import { bootstrapChunks, ticketDetail, type BootstrapFormat } from './bootstrapStream';
import { headSeq, logHorizon } from './changeLog';
import { OutlineUnavailableError, ReadySnapshots } from './readySnapshot';
import { sendSnapshotBody } from './snapshotBody';
import { listenForCommits, PokeHub } from './pokeHub';
import { CursorExpiredError, pullChanges } from './pullChanges';
import { NonConsecutivePushError, pushMutations } from './pushMutations';

export { appendChangeLog, trimChangeLog, headSeq, type ChangeAudit, type LoggedChange } from './changeLog';
export { applyMutation, MutationGapError, ClientMismatchError } from './applyMutation';
export { pullChanges, CursorExpiredError } from './pullChanges';
export { pushMutations, NonConsecutivePushError } from './pushMutations';
export { bootstrapLines, ticketDetail } from './bootstrapStream';
export { PokeHub, listenForCommits } from './pokeHub';

/** What the sync routes need of the server context. */
export type SyncContext = Pick<ServerContext, 'db' | 'dialect' | 'config' | 'log' | 'now' | 'authenticate' | 'authenticateToken'>;

export interface SyncRoutesOptions {
  /** How long commits are gathered into one poke. */
  pokeCoalesceMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Pokes live clients; writers outside server/sync call `syncPokes.committed(seq)` after their commit on SQLite. */
    syncPokes: PokeHub;
  }
}

/** The signed-in agent; ctx.authenticate throws the API's 401/403 error, which the app's error handler shapes. */
async function authenticated(ctx: SyncContext, request: FastifyRequest): Promise<MutationActor> {
  const agent = await ctx.authenticate(request);
  return { id: agent.id, role: agent.role };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

type RequestedFormat = BootstrapFormat | typeof outlineBootstrapFormat;

/**
 * `?format=segments` asks for the segmented snapshot, `?format=outline` for its outline (ranges of its body
 * fetched apart); without it, older clients get `rows` lines. Null: anything else.
 */
function bootstrapFormatOf(query: unknown): RequestedFormat | null {
  const format = (query as { format?: unknown } | undefined)?.format;
  if (format === undefined) return 'rows';
  return format === segmentedBootstrapFormat || format === outlineBootstrapFormat ? format : null;
}

/** Rendered chunks (a page each, ~0.1–0.3 MB) a live bootstrap may hold ahead of its client. */
const renderAheadChunks = 128;

/** How often a warm ready snapshot is checked (and rendered again when the log has moved on). */
const readySnapshotRefreshMs = 5 * 60_000;

/** The ready snapshot of the segmented bootstrap, as ACCORD_READY_SNAPSHOT asks (null: every bootstrap renders live). */
function readySnapshotsFor(app: FastifyInstance, ctx: SyncContext, now: () => number): ReadySnapshots | null {
  if (ctx.config.readySnapshot === 'off') return null;
  const ready = new ReadySnapshots({
    render: () => bootstrapChunks(ctx.db, now(), { format: segmentedBootstrapFormat }),
    headSeq: () => headSeq(ctx.db),
    logHorizon: () => logHorizon(ctx.db),
    now,
  });
  let timer: NodeJS.Timeout | null = null;
  if (ctx.config.readySnapshot === 'warm') {
    const refresh = () =>
      void ready.refresh().catch((error: unknown) => ctx.log.warn({ err: error }, 'rendering the ready bootstrap snapshot failed'));
    app.addHook('onReady', async () => {
      refresh();
      timer = setInterval(refresh, readySnapshotRefreshMs);
      timer.unref();
    });
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await ready.close();
  });
  return ready;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send(apiErrorBody('bad_request', message));
}

/**
 * Registers the sync routes of ARCHITECTURE.md: GET /api/sync/bootstrap (NDJSON), GET /api/sync/bootstrap/body/:id
 * (byte ranges of an outline's body), GET /api/sync/pull,
 * POST /api/sync/push, GET /api/sync/ticket-detail (what the bootstrap left to load on open), GET /api/sync/live
 * (WebSocket pokes; LISTEN/NOTIFY fan-out on PostgreSQL).
 */
export async function registerSyncRoutes(app: FastifyInstance, ctx: SyncContext, options: SyncRoutesOptions = {}): Promise<void> {
  const now = () => ctx.now();
  const hub = new PokeHub(options.pokeCoalesceMs ?? 25, now);
  app.decorate('syncPokes', hub);
  if (!app.hasDecorator('websocketServer')) await app.register(websocket);

  // On PostgreSQL every commit NOTIFYs (inside its transaction), and every process — this one included — LISTENs,
  // so clients connected to any process are poked. On SQLite there is one process: poke directly after commit.
  const listener =
    ctx.dialect === 'postgres'
      ? listenForCommits(ctx.config.databaseUrl, (seq) => hub.committed(seq), (error) => ctx.log.warn({ err: error }, 'sync LISTEN connection failed'))
      : null;
  if (listener) await Promise.race([listener.ready, new Promise((resolve) => setTimeout(resolve, 5000))]);
  app.addHook('onClose', async () => {
    hub.close();
    await listener?.close();
  });
  const committedLocally = (seq: number) => {
    if (ctx.dialect === 'sqlite') hub.committed(seq);
  };
  const ready = readySnapshotsFor(app, ctx, now);

  app.get('/api/sync/pull', async (request, reply) => {
    const actor = await authenticated(ctx, request);
    const query = pullQuerySchema.safeParse(request.query);
    if (!query.success) return badRequest(reply, `invalid pull query: ${query.error.issues[0]?.message ?? ''}`);
    try {
      const result = await pullChanges(ctx.db, query.data, actor.id, now());
      return reply.type('application/json; charset=utf-8').send(result.json);
    } catch (error) {
      if (error instanceof CursorExpiredError) {
        return reply.code(410).send(apiErrorBody(syncErrorCodes.cursorExpired, error.message, { horizon: error.horizon }));
      }
      throw error;
    }
  });

  app.post('/api/sync/push', { bodyLimit: 32 * 1024 * 1024 }, async (request, reply) => {
    const actor = await authenticated(ctx, request);
    const parsed = pushRequestSchema.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, `invalid push: ${parsed.error.issues[0]?.message ?? ''}`);
    try {
      return reply.send(await pushMutations(ctx.db, ctx.dialect, actor, parsed.data, now, committedLocally));
    } catch (error) {
      if (error instanceof NonConsecutivePushError) return badRequest(reply, error.message);
      if (error instanceof MutationGapError) {
        return reply
          .code(409)
          .send(apiErrorBody(syncErrorCodes.mutationGap, error.message, { lastMutationId: error.lastMutationId }));
      }
      if (error instanceof ClientMismatchError) {
        return reply.code(403).send(apiErrorBody(syncErrorCodes.clientMismatch, error.message));
      }
      throw error;
    }
  });

  app.get('/api/sync/bootstrap', async (request, reply) => {
    await authenticated(ctx, request);
    const format = bootstrapFormatOf(request.query);
    if (format === null) {
      const allowed = `${JSON.stringify(segmentedBootstrapFormat)} or ${JSON.stringify(outlineBootstrapFormat)}`;
      return badRequest(reply, `invalid bootstrap query: format must be absent, ${allowed}`);
    }
    let body: Readable | AsyncIterable<Buffer>;
    if (format === outlineBootstrapFormat) {
      // The client falls back to format=segments on a 400.
      if (!ready) return badRequest(reply, 'bootstrap outlines need ready snapshots (ACCORD_READY_SNAPSHOT=warm or on-demand), which this server has off: ask for format=segments');
      try {
        body = await ready.openOutline();
      } catch (error) {
        if (error instanceof OutlineUnavailableError) return badRequest(reply, `no bootstrap outline now (${error.message}): ask for format=segments`);
        throw error;
      }
    } else {
      body = format === segmentedBootstrapFormat && ready ? await ready.open() : bootstrapChunks(ctx.db, now(), { format });
    }
    // Rendered pages run well ahead of a client busy storing earlier ones, so neither waits on the other.
    const stream = body instanceof Readable ? body : Readable.from(body, { objectMode: true, highWaterMark: renderAheadChunks });
    return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(stream);
  });

  // Byte ranges of a kept snapshot body, as its outline places the segment arrays.
  app.get<{ Params: { id: string } }>(`${snapshotBodyPathPrefix}:id`, async (request, reply) => {
    await authenticated(ctx, request);
    return sendSnapshotBody(reply, ready, request.params.id, request.headers.range);
  });

  // The part of a ticket the bootstrap leaves out (old closed threads, SLA history of solved tickets), on open.
  app.get('/api/sync/ticket-detail', async (request, reply) => {
    const actor = await authenticated(ctx, request);
    if (!can(actor.role, 'ticket.read')) {
      return reply.code(403).send(apiErrorBody('forbidden', 'Your role may not read tickets.'));
    }
    const query = ticketDetailQuerySchema.safeParse(request.query);
    if (!query.success) return badRequest(reply, `invalid ticket-detail query: ${query.error.issues[0]?.message ?? ''}`);
    const detail = await ticketDetail(ctx.db, query.data.ticketId);
    if (!detail) return reply.code(404).send(apiErrorBody('not_found', `No ticket ${query.data.ticketId}.`));
    const body: TicketDetailResponse = { ticketId: query.data.ticketId, ...detail, serverNow: now() };
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.get(
    '/api/sync/live',
    {
      websocket: true,
      // Browsers cannot set headers on a WebSocket: the token may come as ?token= (desktop) or the cookie (web).
      preValidation: async (request) => {
        const token = (request.query as { token?: unknown } | undefined)?.token;
        if (typeof token === 'string' && token) {
          await ctx.authenticateToken(token);
          return;
        }
        // The cookie is ambient and a WebSocket has no CORS: refuse other origins (cross-site WebSocket hijacking).
        const origin = request.headers.origin;
        if (origin && hostOf(origin) !== request.headers.host) {
          throw new ApiError('forbidden', 'The live channel only accepts the web console of this server.');
        }
        await ctx.authenticate(request);
      },
    },
    (socket) => {
      hub.add(socket);
      socket.send(JSON.stringify({ type: 'poke', seq: 0, serverNow: now() }));
    },
  );
}
