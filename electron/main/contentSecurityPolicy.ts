/**
 * The renderer's Content-Security-Policy, sent as a header by the app:// protocol handler.
 * Scripts only from our own bundle; network only to ourselves and the backend (HTTP for the
 * API, WebSocket for live pokes). Remote images are blocked on purpose: e-mail bodies are
 * untrusted HTML and remote images in them are tracking pixels.
 * Inline *styles* are allowed: React style props and sanitised e-mail markup need them, and
 * style injection cannot run code; inline *scripts* are not.
 */
export function contentSecurityPolicy(backendBaseUrl: string): string {
  const { http, ws } = backendSources(backendBaseUrl);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${http}`,
    "font-src 'self' data:",
    `connect-src 'self' ${http} ${ws}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `http(s)://host:port` and the matching `ws(s)://` source, refusing anything that could smuggle CSP syntax. */
export function backendSources(backendBaseUrl: string): { http: string; ws: string } {
  const url = new URL(backendBaseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`backend URL must be http(s): ${backendBaseUrl}`);
  const origin = url.origin;
  if (!/^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d+)?$/i.test(origin)) {
    throw new Error(`backend origin is not usable in a CSP: ${origin}`);
  }
  return { http: origin, ws: origin.replace(/^http/, 'ws') };
}
