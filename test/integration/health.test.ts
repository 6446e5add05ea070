import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/client';
import { apiErrorBodySchema } from '../../shared/api/errors';
import { withTestDatabases } from '../support/testDb';
import { startTestServer, type TestServer } from '../support/testServer';

const targets = await withTestDatabases();

for (const target of targets) {
  describe.skipIf(!target.available)(`health and surface (${target.label})`, () => {
    let server: TestServer;
    let staticDir: string;

    beforeAll(async () => {
      staticDir = mkdtempSync(join(tmpdir(), 'accord-static-'));
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Accord</title><div id="root"></div>');
      writeFileSync(join(staticDir, 'app.js'), 'console.log("accord")');
      server = await startTestServer(target.dialect, { staticDir });
    });
    afterAll(async () => {
      await server?.close();
      rmSync(staticDir, { recursive: true, force: true });
    });

    it('GET /api/health names the database dialect and the version', async () => {
      const response = await fetch(`${server.baseUrl}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', db: target.dialect, version: '0.1.0' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('the typed client reads health through the contract', async () => {
      const client = createApiClient(server.baseUrl, () => null);
      await expect(client.health()).resolves.toEqual({ status: 'ok', db: target.dialect, version: '0.1.0' });
    });

    it('sends the security headers on every response', async () => {
      for (const path of ['/api/health', '/', '/api/nothing-here']) {
        const response = await fetch(`${server.baseUrl}${path}`);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:`);
        expect(csp).toContain("frame-src 'self' blob:");
        expect(csp).toContain("img-src 'self' data: blob:");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      }
    });

    it('serves the web console at / with an SPA fallback, but never for /api paths', async () => {
      const root = await fetch(`${server.baseUrl}/`);
      expect(root.status).toBe(200);
      expect(await root.text()).toContain('<div id="root">');

      const deepLink = await fetch(`${server.baseUrl}/tickets/123`);
      expect(deepLink.status).toBe(200);
      expect(deepLink.headers.get('content-type')).toMatch(/text\/html/);

      const asset = await fetch(`${server.baseUrl}/app.js`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toContain('accord');

      const missingAsset = await fetch(`${server.baseUrl}/missing.js`);
      expect(missingAsset.status).toBe(404);
      expect(apiErrorBodySchema.parse(await missingAsset.json()).error.code).toBe('not_found');

      const api = await fetch(`${server.baseUrl}/api/tickets/123`);
      expect(api.status).toBe(404);
      expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/tickets/123.' } });
    });

    it('lets the desktop renderer (app://accord) call the API cross-origin with a bearer token, and no one else', async () => {
      const preflight = (origin: string) =>
        fetch(`${server.baseUrl}/api/auth/login`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
      const desktop = await preflight('app://accord');
      expect(desktop.status).toBe(204);
      expect(desktop.headers.get('access-control-allow-origin')).toBe('app://accord');
      expect(desktop.headers.get('access-control-allow-headers')).toContain('authorization');
      // The bootstrap outline's arrays are byte ranges of the snapshot body (a Range header beside the token).
      expect(desktop.headers.get('access-control-allow-headers')).toContain('range');
      expect(desktop.headers.get('access-control-allow-credentials')).toBeNull();

      const evil = await preflight('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      expect(evil.status).toBe(404);

      const get = await fetch(`${server.baseUrl}/api/health`, { headers: { origin: 'app://accord' } });
      expect(get.headers.get('access-control-allow-origin')).toBe('app://accord');
      const other = await fetch(`${server.baseUrl}/api/health`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('publishes an OpenAPI document generated from the contract', async () => {
      const response = await fetch(`${server.baseUrl}/api/openapi.json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as {
        openapi: string;
        servers: Array<{ url: string }>;
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.servers[0]?.url).toBe('/api');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/health', '/auth/login', '/auth/logout', '/auth/me', '/sync/pull', '/sync/push']),
      );
      expect(doc.paths['/auth/login']?.post).toBeDefined();
      expect(doc.paths['/health']?.get?.responses.default).toEqual({
        description: 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      });
      expect(doc.components.schemas.ApiError).toBeDefined();
    });
  });
}

describe('health without a web console', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  it('answers / with the error shape instead of crashing when the renderer is not built', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(404);
    expect(apiErrorBodySchema.safeParse(await response.json()).success).toBe(true);
  });
});

describe('ACCORD_DEMO wiring (sqlite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { ACCORD_DEMO: 'small' } });
  }, 120_000);
  afterAll(async () => server?.close());

  it('loads the demo data set into the empty database and the six demo agents can sign in', async () => {
    for (const role of ['tier1', 'tier2', 'tier3', 'tam', 'lead', 'admin']) {
      const client = createApiClient(server.baseUrl, () => null);
      const login = await client.auth.login({ email: `${role}@accord.demo`, password: 'accord-demo' });
      expect(login.agent.role).toBe(role);
    }
  });
});
