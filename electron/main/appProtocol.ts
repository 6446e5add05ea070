import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import { appScheme } from './appUrl';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { contentTypeFor, resolveRendererAsset } from './rendererAsset';

/**
 * The renderer is served from `app://accord/` instead of file://: a real, stable origin for
 * the IPC sender check, IndexedDB and the CSP, and no access to the rest of the disk.
 * `secure` makes it a secure context (crypto.randomUUID, no mixed content); `standard` gives
 * it an origin and relative-URL resolution like https. `corsEnabled` stays off: our own
 * module scripts are same-origin, and without it no other origin can read app:// responses.
 *
 * Must run before the app is ready.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer with a CSP that allows exactly the backend the app talks to. */
export function serveRendererOverAppScheme(rendererDir: string, backendBaseUrl: string): void {
  const csp = contentSecurityPolicy(backendBaseUrl);
  const securityHeaders = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
  const notFound = () => new Response('Not found', { status: 404, headers: securityHeaders });

  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: securityHeaders });
    const asset = resolveRendererAsset(rendererDir, request.url);
    if (asset === null) return notFound();
    const candidates = asset.spaFallback ? [asset.filePath, join(rendererDir, 'index.html')] : [asset.filePath];
    for (const filePath of candidates) {
      try {
        const body = await readFile(filePath);
        return new Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { ...securityHeaders, 'content-type': contentTypeFor(filePath), 'cache-control': 'no-cache' },
        });
      } catch {
        // try the next candidate
      }
    }
    return notFound();
  });
}
