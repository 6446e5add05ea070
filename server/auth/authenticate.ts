import type { FastifyRequest } from 'fastify';
import type { Agent } from '../../shared/domain/agent';
import { clientHeaderName } from '../../shared/api/headers';
import { decodeRow } from '../db/codec';
import type { Db } from '../db/types';
import { ApiError, forbidden, unauthorized } from '../errors';
import { readCookie, sessionCookieName } from './cookies';
import { hashToken, looksLikeToken } from './sessions';

export type TokenSource = 'bearer' | 'cookie';

/** The session token of a request: `Authorization: Bearer …` first, then the web console's cookie. */
export function readSessionToken(request: FastifyRequest): { token: string; source: TokenSource } | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
    return { token: match[1]!, source: 'bearer' };
  }
  const cookie = readCookie(request.headers.cookie, sessionCookieName);
  return cookie ? { token: cookie, source: 'cookie' } : null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for the cookie: a state-changing request authenticated by cookie must carry
 * `X-Accord-Client: 1`. Browsers only let same-origin script set custom headers (cross-origin they need a CORS
 * preflight we never grant), and forms cannot set them at all. Bearer tokens are not sent ambiently, so they
 * need no such check.
 */
export function assertCsrfHeader(request: FastifyRequest, source: TokenSource): void {
  if (source !== 'cookie' || safeMethods.has(request.method)) return;
  if (request.headers[clientHeaderName] !== '1') {
    throw forbidden(`Requests authenticated by cookie must send the header ${clientHeaderName}: 1.`);
  }
}

const refusal: Record<'unknown' | 'revoked' | 'expired', string> = {
  unknown: 'Your session is not valid. Sign in again.',
  revoked: 'You signed out of this session. Sign in again.',
  expired: 'Your session has expired. Sign in again.',
};

/** The active agent behind a token, or an `unauthorized` ApiError saying why not. One query (session ⋈ agent). */
export async function agentForToken(db: Db, token: string, now: number): Promise<Agent> {
  if (!looksLikeToken(token)) throw unauthorized(refusal.unknown);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agentId')
    .selectAll('agents')
    .select(['sessions.expiresAt as sessionExpiresAt', 'sessions.revokedAt as sessionRevokedAt'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw unauthorized(refusal.unknown);
  if (row.sessionRevokedAt !== null) throw unauthorized(refusal.revoked);
  if (row.sessionExpiresAt <= now) throw unauthorized(refusal.expired);
  const agent = decodeRow('agent', row);
  if (!agent.active) throw new ApiError('forbidden', 'This agent account is deactivated.');
  return agent;
}

export async function authenticateRequest(db: Db, request: FastifyRequest, now: number): Promise<Agent> {
  const found = readSessionToken(request);
  if (!found) throw unauthorized('Sign in to continue: send Authorization: Bearer <token>.');
  assertCsrfHeader(request, found.source);
  return agentForToken(db, found.token, now);
}
