import { implement } from '@orpc/server';
import { sql } from 'kysely';
import { coreContract } from '../../shared/api/contract';
import { readSessionToken, assertCsrfHeader } from '../auth/authenticate';
import { clearedSessionCookie, sessionCookie } from '../auth/cookies';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createSession, revokeSession, sessionLifetimeMs } from '../auth/sessions';
import type { RequestContext } from '../context';
import { decodeRow } from '../db/codec';
import { ApiError, forbidden, unauthorized } from '../errors';

const os = implement(coreContract).$context<RequestContext>();

/**
 * Verifying against a throwaway hash when the email is unknown keeps the answer time the same, so response
 * times do not reveal which emails belong to agents.
 */
let dummyHash: Promise<string> | null = null;
function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('accord-timing-equaliser');
  return dummyHash;
}

const health = os.health.handler(async ({ context }) => {
  const { server } = context;
  try {
    await sql`select 1`.execute(server.db);
  } catch (error) {
    server.log.error({ err: error }, 'health: database unreachable');
    throw new ApiError('unavailable', 'The database is not reachable.');
  }
  return { status: 'ok' as const, db: server.dialect, version: server.version };
});

const login = os.auth.login.handler(async ({ input, context }) => {
  const { server, request, reply } = context;
  const email = input.email.toLowerCase();
  const row = await server.db.selectFrom('agents').selectAll().where(sql<string>`lower(${sql.ref('email')})`, '=', email).executeTakeFirst();
  const passwordOk = await verifyPassword(row?.passwordHash ?? (await timingDummyHash()), input.password);
  if (!row || !row.passwordHash || !passwordOk) throw unauthorized('Wrong email or password.');
  const agent = decodeRow('agent', row);
  if (!agent.active) throw forbidden('This agent account is deactivated.');
  const { token, expiresAt } = await createSession(server.db, agent.id, server.now());
  reply.header(
    'set-cookie',
    sessionCookie(token, { maxAgeSeconds: sessionLifetimeMs / 1000, secure: request.protocol === 'https' }),
  );
  server.log.info({ agentId: agent.id }, 'agent signed in');
  return { token, agent, expiresAt };
});

const logout = os.auth.logout.handler(async ({ context }) => {
  const { server, request, reply } = context;
  const found = readSessionToken(request);
  if (!found) throw unauthorized('There is no session to sign out of.');
  assertCsrfHeader(request, found.source);
  // Idempotent: signing out of an expired or already revoked session is not an error.
  await revokeSession(server.db, found.token, server.now());
  reply.header('set-cookie', clearedSessionCookie(request.protocol === 'https'));
  return { ok: true as const };
});

const me = os.auth.me.handler(async ({ context }) => context.server.authenticate(context.request));

export const coreRouter = os.router({
  health,
  auth: { login, logout, me },
});
