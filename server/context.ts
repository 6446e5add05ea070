import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Agent } from '../shared/domain/agent';
import { can, type Permission } from '../shared/api/permissions';
import { agentForToken, authenticateRequest } from './auth/authenticate';
import type { ServerConfig } from './config';
import type { Db, Dialect } from './db/types';
import { forbidden } from './errors';

/** What every route and background job of the backend gets: the database, configuration, logger and auth. */
export interface ServerContext {
  db: Db;
  dialect: Dialect;
  config: ServerConfig;
  log: FastifyBaseLogger;
  version: string;
  /** Server time in epoch ms; injectable so tests can move the clock (the one fake at the edge). */
  now(): number;
  /**
   * The agent behind a request (bearer token or cookie, with the CSRF header check for cookies).
   * Throws an ApiError `unauthorized` (401) or `forbidden` (403) that the error handler turns into the error shape.
   */
  authenticate(request: FastifyRequest): Promise<Agent>;
  /** The agent behind a raw token, e.g. one a WebSocket client sent in its first message. Same errors. */
  authenticateToken(token: string): Promise<Agent>;
}

/** The context oRPC procedures receive (server/routes). */
export interface RequestContext {
  server: ServerContext;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function createServerContext(options: {
  db: Db;
  dialect: Dialect;
  config: ServerConfig;
  log: FastifyBaseLogger;
  version: string;
  now?: () => number;
}): ServerContext {
  const now = options.now ?? Date.now;
  return {
    db: options.db,
    dialect: options.dialect,
    config: options.config,
    log: options.log,
    version: options.version,
    now,
    authenticate: (request) => authenticateRequest(options.db, request, now()),
    authenticateToken: (token) => agentForToken(options.db, token, now()),
  };
}

/** Throws `forbidden` unless the agent's role has the permission. */
export function requirePermission(agent: Pick<Agent, 'role'>, permission: Permission): void {
  if (!can(agent.role, permission)) throw forbidden(`Your role (${agent.role}) may not do this (${permission}).`);
}
