import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, createApiClient } from '../../shared/api/client';
import { apiErrorBodySchema } from '../../shared/api/errors';
import { roles, type Agent } from '../../shared/domain/agent';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { hashToken, sessionLifetimeMs } from '../../server/auth/sessions';
import { insertAgent } from '../support/agents';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';

const targets = await withTestDatabases();
const password = 'accord-demo';

async function post(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = apiErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error.message;
}

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword(password);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, password)).toBe(true);
    expect(await verifyPassword(hash, 'accord-demo ')).toBe(false);
    expect(await verifyPassword('not a hash', password)).toBe(false);
  });
});

for (const target of targets) {
  describe.skipIf(!target.available)(`auth (${target.label})`, () => {
    const clock = { now: 1_760_000_000_000 };
    let server: TestServer;
    const agents = new Map<string, Agent>();

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { now: () => clock.now, loginRateLimitPerMinute: 5 });
      for (const role of roles) {
        const agent = await insertAgent(server.ctx.db, server.ctx.dialect, { role, email: `${role}@accord.test`, password });
        agents.set(role, agent);
      }
      await insertAgent(server.ctx.db, server.ctx.dialect, { role: 'tier1', email: 'gone@accord.test', password, active: false });
      await insertAgent(server.ctx.db, server.ctx.dialect, { role: 'tier1', email: 'nopass@accord.test', password: null });
    });
    afterAll(async () => server?.close());

    it('signs in every role, then /me and logout work with the bearer token', async () => {
      for (const role of roles) {
        let token: string | null = null;
        const client = createApiClient(server.baseUrl, () => token);
        const login = await client.auth.login({ email: `${role}@accord.test`, password });
        expect(login.agent).toEqual(agents.get(role));
        expect(login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(login.expiresAt).toBe(clock.now + sessionLifetimeMs);
        token = login.token;

        await expect(client.auth.me()).resolves.toEqual(agents.get(role));
        await expect(client.auth.logout()).resolves.toEqual({ ok: true });
        const error = apiErrorOf(await client.auth.me().then(() => null, (e: unknown) => e));
        expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
        expect(error.message).toMatch(/signed out/);
      }
    });

    it('the typed client validates input before sending and reports it like the server would', async () => {
      const client = createApiClient(server.baseUrl, () => null);
      const error = apiErrorOf(await client.auth.login({ email: 'x', password: '' }).then(() => null, (e: unknown) => e));
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(/^Invalid request: .*password/);
    });

    it('stores only the hash of the token', async () => {
      const response = await post(server, '/api/auth/login', { email: 'tier2@accord.test', password });
      const { token } = (await response.json()) as { token: string };
      const rows = await server.ctx.db.selectFrom('sessions').selectAll().execute();
      expect(rows.some((r) => r.tokenHash === token)).toBe(false);
      expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
    });

    it('treats the email case-insensitively', async () => {
      const response = await post(server, '/api/auth/login', { email: '  TAM@Accord.Test ', password });
      expect(response.status).toBe(200);
    });

    it('refuses a wrong password and an unknown email with the same clear 401', async () => {
      const wrong = await expectError(
        await post(server, '/api/auth/login', { email: 'lead@accord.test', password: 'nope' }),
        401,
        'unauthorized',
      );
      const unknown = await expectError(
        await post(server, '/api/auth/login', { email: 'nobody@accord.test', password }),
        401,
        'unauthorized',
      );
      expect(wrong).toBe('Wrong email or password.');
      expect(unknown).toBe(wrong);
      await expectError(await post(server, '/api/auth/login', { email: 'nopass@accord.test', password }), 401, 'unauthorized');
    });

    it('refuses a deactivated agent with 403', async () => {
      const message = await expectError(
        await post(server, '/api/auth/login', { email: 'gone@accord.test', password }),
        403,
        'forbidden',
      );
      expect(message).toMatch(/deactivated/);
    });

    it('refuses missing, malformed, unknown, revoked and expired tokens', async () => {
      const me = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/auth/me`, { headers });
      expect(await expectError(await me({}), 401, 'unauthorized')).toMatch(/Sign in/);
      expect(await expectError(await me({ authorization: 'Basic abc' }), 401, 'unauthorized')).toMatch(/Bearer/);
      await expectError(await me({ authorization: 'Bearer short' }), 401, 'unauthorized');
      await expectError(await me({ authorization: `Bearer ${'A'.repeat(43)}` }), 401, 'unauthorized');

      const login = (await (await post(server, '/api/auth/login', { email: 'tier3@accord.test', password })).json()) as {
        token: string;
      };
      const bearer = { authorization: `Bearer ${login.token}` };
      expect((await me(bearer)).status).toBe(200);

      clock.now += sessionLifetimeMs - 1;
      expect((await me(bearer)).status).toBe(200);
      clock.now += 1;
      expect(await expectError(await me(bearer), 401, 'unauthorized')).toMatch(/expired/);

      const again = (await (await post(server, '/api/auth/login', { email: 'tier3@accord.test', password })).json()) as {
        token: string;
      };
      const logout = await post(server, '/api/auth/logout', {}, { authorization: `Bearer ${again.token}` });
      expect(logout.status).toBe(200);
      expect(await expectError(await me({ authorization: `Bearer ${again.token}` }), 401, 'unauthorized')).toMatch(
        /signed out/,
      );
    });

    it('sets an HttpOnly SameSite=Strict cookie and demands the CSRF header for state changes by cookie', async () => {
      const response = await post(server, '/api/auth/login', { email: 'admin@accord.test', password });
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^accord_session=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure'); // plain http on loopback
      const cookie = setCookie.split(';')[0]!;

      const me = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as Agent).email).toBe('admin@accord.test');

      const forged = await post(server, '/api/auth/logout', {}, { cookie });
      expect(await expectError(forged, 403, 'forbidden')).toMatch(/x-accord-client/);
      expect((await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(200);

      const logout = await post(server, '/api/auth/logout', {}, { cookie, 'x-accord-client': '1' });
      expect(logout.status).toBe(200);
      expect(logout.headers.get('set-cookie')).toMatch(/^accord_session=; .*Max-Age=0/);
      await expectError(await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie } }), 401, 'unauthorized');
    });

    it('rate-limits sign-in attempts per client and email with the error shape', async () => {
      const attempt = (email: string) => post(server, '/api/auth/login', { email, password: 'wrong' });
      for (let i = 0; i < 5; i += 1) expect((await attempt('limited@accord.test')).status).toBe(401);
      const limited = await attempt('limited@accord.test');
      const message = await expectError(limited, 429, 'rate_limited');
      expect(message).toMatch(/Too many sign-in attempts/);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // Another email from the same client is counted separately …
      expect((await attempt('other@accord.test')).status).toBe(401);
    });

    it('also bounds attempts per client across many emails (password spraying)', async () => {
      // The per-client limit is 10 × the per-email limit (5 here); earlier tests in this file used some of it.
      const statuses: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const response = await post(server, '/api/auth/login', { email: `spray${i}@accord.test`, password: 'wrong' });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(apiErrorBodySchema.parse(await response.json()).error.code).toBe('rate_limited');
          break;
        }
        await response.arrayBuffer();
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    });
  });
}
