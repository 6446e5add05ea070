import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../shared/api/errors';
import { insertAgent } from '../support/agents';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Hostile and sloppy input on every route of the API: each answer is a 4xx with the one error shape — never a
 * 500, never a stack trace. The route list comes from the published OpenAPI document, so a new contract route
 * is covered without touching this file.
 */

const targets = await withTestDatabases();
const publicRoutes = new Set(['GET /api/health', 'POST /api/auth/login']);
/** Routes registered with a body limit above the 1 MiB default. */
const largeBodyRoutes = new Set(['POST /api/sync/push']);
const password = 'correct horse battery staple';

interface Route {
  method: 'GET' | 'POST';
  path: string;
}

interface BadRequest {
  name: string;
  init: RequestInit;
  query?: string;
  /** Exact status where the answer is fully determined by the framework. */
  status?: number;
  code?: string;
}

const oversize = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) });

function badBodies(): BadRequest[] {
  const json = { 'content-type': 'application/json' };
  return [
    { name: 'malformed JSON', init: { headers: json, body: '{"email": "a@b.c",' }, status: 400, code: 'bad_request' },
    { name: 'JSON that is not an object', init: { headers: json, body: '"just a string"' } },
    { name: 'JSON array', init: { headers: json, body: '[1,2,3]' } },
    { name: 'null body', init: { headers: json, body: 'null' } },
    { name: 'unknown fields', init: { headers: json, body: JSON.stringify({ email: 'a@b.c', password: 'x', admin: true, clientId: 'c', mutations: [], extra: 1 }) } },
    { name: 'wrong types', init: { headers: json, body: JSON.stringify({ email: 42, password: ['x'], clientId: 7, mutations: 'all' }) } },
    { name: 'prototype pollution', init: { headers: json, body: '{"__proto__": {"admin": true}, "email": "a@b.c"}' }, status: 400, code: 'bad_request' },
    { name: 'oversize body', init: { headers: json, body: oversize }, status: 413, code: 'payload_too_large' },
    { name: 'empty JSON body', init: { headers: json, body: '' }, status: 400, code: 'bad_request' },
    { name: 'text/plain body', init: { headers: { 'content-type': 'text/plain' }, body: 'email=a' }, status: 415, code: 'unsupported_media_type' },
    { name: 'form body', init: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' }, status: 415, code: 'unsupported_media_type' },
    { name: 'invalid UTF-8 JSON', init: { headers: json, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) } },
  ];
}

function badQueries(): BadRequest[] {
  return [
    { name: 'wrong query types', init: {}, query: '?cursor=abc&limit=-5&clientId=' },
    { name: 'huge numbers in query', init: {}, query: '?cursor=1e400&limit=99999999999999999999' },
    { name: 'repeated query keys', init: {}, query: '?cursor=1&cursor=2&limit[x]=1' },
  ];
}

async function expectShape(response: Response, label: string, expected: { status?: number; code?: string }): Promise<void> {
  const text = await response.text();
  expect(response.status, `${label}: status (body ${text.slice(0, 200)})`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${label}: never a server error (body ${text.slice(0, 200)})`).toBeLessThan(500);
  if (expected.status) expect(response.status, label).toBe(expected.status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label}: answer is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = apiErrorBodySchema.safeParse(body);
  expect(parsed.success, `${label}: error shape, got ${text.slice(0, 200)}`).toBe(true);
  if (expected.code && parsed.success) expect(parsed.data.error.code, label).toBe(expected.code);
  expect(text, label).not.toMatch(/at .+\.(ts|js):\d+/); // no stack traces
}

for (const target of targets) {
  describe.skipIf(!target.available)(`bad input on every route (${target.label})`, () => {
    let server: TestServer;
    let routes: Route[] = [];
    let token = '';

    beforeAll(async () => {
      server = await startTestServer(target.dialect, { loginRateLimitPerMinute: 10_000 });
      await insertAgent(server.ctx.db, server.ctx.dialect, { role: 'admin', email: 'admin@accord.test', password });
      const login = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@accord.test', password }),
      });
      token = ((await login.json()) as { token: string }).token;
      const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase() as Route['method'], path: `/api${path}` })),
      );
    });
    afterAll(async () => server?.close());

    it('knows the routes of the contract', () => {
      expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/me']),
      );
    });

    for (const auth of ['anonymous', 'signed in'] as const) {
      it(`answers bad bodies and queries with 4xx and the error shape (${auth})`, async () => {
        expect(routes.length).toBeGreaterThan(3);
        // Collect every problem, so one run lists all offending routes instead of the first.
        const problems: string[] = [];
        const check = async (response: Response, label: string, expected: { status?: number; code?: string }) => {
          try {
            await expectShape(response, label, expected);
          } catch (error) {
            problems.push(error instanceof Error ? error.message.split('\n')[0]! : String(error));
          }
        };
        const headers = (extra: RequestInit['headers']): Record<string, string> => ({
          ...(extra as Record<string, string>),
          ...(auth === 'signed in' ? { authorization: `Bearer ${token}` } : {}),
        });
        for (const route of routes) {
          const cases = route.method === 'POST' ? badBodies() : badQueries();
          for (const bad of cases) {
            const response = await fetch(`${server.baseUrl}${route.path}${bad.query ?? ''}`, {
              method: route.method,
              ...bad.init,
              headers: headers(bad.init.headers),
            });
            const label = `${route.method} ${route.path} ${bad.name} (${auth})`;
            if (response.status < 400 && route.method === 'GET') {
              // Routes without query parameters may ignore the query; that is not an error.
              await response.arrayBuffer();
              continue;
            }
            // Private routes may refuse an anonymous caller before they read the body; 401 is right then.
            const isPublic = publicRoutes.has(`${route.method} ${route.path}`);
            if (auth === 'anonymous' && !isPublic && response.status === 401) {
              await check(response, label, { status: 401, code: 'unauthorized' });
              continue;
            }
            // A route may raise its own body limit (sync push takes big batches); then oversize is just invalid.
            const ownLimit = bad.name === 'oversize body' && largeBodyRoutes.has(`${route.method} ${route.path}`);
            await check(response, label, ownLimit ? {} : { status: bad.status, code: bad.code });
          }
        }
        expect(problems).toEqual([]);
      });
    }

    it('names the offending field for schema violations on the contract routes', async () => {
      const login = (body: unknown) =>
        fetch(`${server.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const unknown = await login({ email: 'a@b.c', password: 'x', admin: true });
      expect(unknown.status).toBe(400);
      const unknownBody = apiErrorBodySchema.parse(await unknown.json());
      expect(unknownBody.error).toMatchObject({ code: 'bad_request' });
      expect(unknownBody.error.message).toMatch(/admin/);

      const wrongType = await login({ email: 42, password: 'x' });
      expect(wrongType.status).toBe(400);
      const wrongBody = apiErrorBodySchema.parse(await wrongType.json());
      expect(wrongBody.error.message).toMatch(/email/);
      expect(wrongBody.error.details).toMatchObject({ issues: [expect.objectContaining({ path: 'email' })] });

      const missing = await login({ email: 'a@b.c' });
      expect(missing.status).toBe(400);
      expect(apiErrorBodySchema.parse(await missing.json()).error.message).toMatch(/password/);

      const logoutExtra = await fetch(`${server.baseUrl}/api/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ everywhere: true }),
      });
      expect(logoutExtra.status).toBe(400);
    });

    it('answers unknown routes and methods with 404 in the error shape', async () => {
      for (const [method, path] of [
        ['GET', '/api'],
        ['GET', '/api/'],
        ['GET', '/api/does/not/exist'],
        ['DELETE', '/api/health'],
        ['PUT', '/api/auth/login'],
        ['POST', '/api/health'],
        ['PATCH', '/api/auth/me'],
      ] as const) {
        const response = await fetch(`${server.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
        await expectShape(response, `${method} ${path}`, { status: 404, code: 'not_found' });
      }
    });

    it('answers undecodable URLs and poisoned JSON in the error shape', async () => {
      await expectShape(await fetch(`${server.baseUrl}/api/%zz`), 'GET /api/%zz', { status: 400, code: 'bad_request' });
      await expectShape(await fetch(`${server.baseUrl}/%zz`), 'GET /%zz', { status: 400, code: 'bad_request' });
      const poisoned = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"a@b.c","password":"x","constructor":{"prototype":{"admin":true}}}',
      });
      // Fastify refuses prototype-poisoning keys as invalid JSON (onConstructorPoisoning: 'error').
      await expectShape(poisoned, 'poisoned JSON', { status: 400, code: 'bad_request' });
    });

    it('stays healthy after all of that', async () => {
      const response = await fetch(`${server.baseUrl}/api/health`);
      expect(response.status).toBe(200);
    });
  });
}
