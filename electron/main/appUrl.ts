/**
 * Where the renderer lives. Packaged and `npm start` builds load it from our privileged custom
 * scheme (appProtocol.ts); `npm run dev` loads the Vite dev server. Every trust decision in the
 * main process (IPC senders, navigation, permissions) compares against this one origin.
 */
export const appScheme = 'app';
export const appHost = 'accord';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * True when `url` belongs to `origin` (scheme, host and port). Custom schemes have an opaque
 * WHATWG origin ("null"), so we compare the parts instead of `URL.origin`. URLs with userinfo
 * are never ours: `app://accord@evil/` is host `evil`.
 */
export function isAppUrl(url: string, origin: string): boolean {
  const target = parseUrl(url);
  const expected = parseUrl(origin);
  if (target === null || expected === null || expected.host === '') return false;
  return (
    target.protocol === expected.protocol &&
    target.host === expected.host &&
    target.username === '' &&
    target.password === ''
  );
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
