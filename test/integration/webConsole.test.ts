import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * How the backend serves the built web console for offline use: the service worker and index.html are revalidated
 * on every load (so a new build reaches the browser), hashed assets are immutable, and the CSP lets the page run
 * its same-origin workers.
 */
describe('web console files (sqlite)', () => {
  let server: TestServer;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'accord-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Accord</title><div id="root"></div>');
    writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(staticDir, 'assets', 'index-AbC123.js'), 'console.log("accord")');
    server = await startTestServer('sqlite', { staticDir });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves /sw.js as JavaScript that is revalidated on every load', async () => {
    const response = await fetch(`${server.baseUrl}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('addEventListener');
  });

  it('revalidates index.html at /, by name and through the SPA fallback', async () => {
    for (const path of ['/', '/index.html', '/tickets/123']) {
      const response = await fetch(`${server.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('lets browsers keep hashed assets for good', async () => {
    const response = await fetch(`${server.baseUrl}/assets/index-AbC123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('allows same-origin workers (search worker, service worker) in the CSP, and nothing else', async () => {
    for (const path of ['/', '/sw.js']) {
      const csp = (await fetch(`${server.baseUrl}${path}`)).headers.get('content-security-policy') ?? '';
      expect(csp.split('; ')).toContain("worker-src 'self'");
    }
  });

  it('never lets the API be cached', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
