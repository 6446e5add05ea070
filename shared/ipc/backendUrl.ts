/**
 * Validation of the remote backend URL an agent types into Settings (desktop app). Pure, so the
 * Settings screen can show the same verdict before it asks the main process to save it.
 */

export type BackendUrlVerdict =
  | { readonly ok: true; /** origin plus path prefix, no trailing slash: `${url}/api/health` works */ readonly url: string }
  | { readonly ok: false; readonly message: string };

export function parseBackendUrl(input: string): BackendUrlVerdict {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return fail('Enter the backend address, e.g. https://accord.example.com');
  if (!/^https?:\/\//i.test(trimmed)) return fail('The backend address must start with https:// (or http:// for this computer)');

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail('That is not a valid address');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('Only http(s) addresses are supported');
  if (url.username !== '' || url.password !== '') return fail('Do not put a user name or password in the address');
  if (url.search !== '' || url.hash !== '') return fail('The address must not contain ? or #');
  // The parser accepts hosts like `a.com;x`; this origin ends up in a CSP header, so only
  // plain DNS names and IP literals get through.
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) return fail('The host name contains characters that are not allowed');
  // Plain http would carry the agent's bearer token in clear text, and Chromium blocks it as
  // mixed content from our secure app:// page anyway; loopback is the one safe exception.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail('Use https:// for a backend on another computer (http:// is only allowed for localhost)');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function fail(message: string): BackendUrlVerdict {
  return { ok: false, message };
}
