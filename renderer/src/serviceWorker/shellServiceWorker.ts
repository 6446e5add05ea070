/**
 * The web console's service worker (served as /sw.js; never used by the desktop app, whose renderer is local).
 *
 * It keeps the built app shell — index.html and the hashed files under /assets/ — so that a reload with the
 * network gone still starts Accord, which then works from its Dexie cache. It never touches /api/*: the API's
 * answers live in the Dexie cache and the outbox, never in a second, HTTP-level cache.
 *
 * Built by the `shellServiceWorker` plugin in electron.vite.config.ts: compiled on its own (no imports, no
 * bundling) with `__SHELL_MANIFEST__` replaced by the list of files that build emitted and a hash of their
 * content. A new build therefore yields a byte-different /sw.js, which makes the browser install it.
 */

/** Filled in at build time. */
declare const __SHELL_MANIFEST__: { version: string; files: string[] };

// The DOM library has no service worker global scope; these are the few parts used here.
interface ShellExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface ShellFetchEvent extends ShellExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ShellWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ShellExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: ShellFetchEvent) => void): void;
}
declare const self: ShellWorkerScope;

const cachePrefix = 'accord-shell-';
const cacheName = `${cachePrefix}${__SHELL_MANIFEST__.version}`;
const scope = new URL(self.registration.scope);
const indexUrl = new URL('index.html', scope).href;
const apiPath = new URL('api/', scope).pathname;
const shellUrls = new Set(__SHELL_MANIFEST__.files.map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  // `no-cache`: revalidate with the server, so a stale HTTP-cached index.html never enters the shell cache.
  const requests = [...shellUrls].map((url) => new Request(url, { cache: 'no-cache' }));
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // Older builds' shells go; this one takes over the open pages at once (they load the same hashed files).
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(cachePrefix) && name !== cacheName).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Not ours to answer: other origins and the API (left to the network, so offline is an honest error).
  if (url.origin !== scope.origin || url.pathname.startsWith(apiPath)) return;
  if (request.mode === 'navigate') {
    // Network first, so an online reload always gets the newest index.html; the shell only when unreachable.
    event.respondWith(fetch(request).catch(() => fromShell(indexUrl)));
    return;
  }
  url.hash = '';
  if (shellUrls.has(url.href)) {
    // Hashed build files never change under their name: the cached copy is the right one.
    event.respondWith(fromShell(url.href).catch(() => fetch(request)));
  }
});

async function fromShell(url: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(url);
  if (!cached) throw new Error(`${url} is not in the shell cache`);
  return cached;
}

export {};
