import { useSyncExternalStore } from 'react';

/**
 * A tiny hash router. The console has a handful of screens and no nested layouts; a hash keeps deep links
 * working both for the web console served at `/` and for the desktop app loaded from a file, with no
 * server-side routes and no dependency.
 */
export type Route =
  | { name: 'queue'; viewId: string }
  | { name: 'ticket'; ticketId: string }
  | { name: 'accounts' }
  | { name: 'account'; accountId: string }
  | { name: 'lead' }
  | { name: 'escalations' }
  | { name: 'incidents' }
  | { name: 'settings' }
  | { name: 'tools' }
  | { name: 'search'; query: string };

const defaultViewId = 'my-open';
export const defaultRoute: Route = { name: 'queue', viewId: defaultViewId };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(queryPart);
  switch (parts[0]) {
    case 'queue':
      return { name: 'queue', viewId: parts[1] ?? defaultViewId };
    case 'ticket':
      return parts[1] ? { name: 'ticket', ticketId: parts[1] } : defaultRoute;
    case 'accounts':
      return parts[1] ? { name: 'account', accountId: parts[1] } : { name: 'accounts' };
    case 'lead':
      return { name: 'lead' };
    case 'escalations':
      return { name: 'escalations' };
    case 'incidents':
      return { name: 'incidents' };
    case 'settings':
      return { name: 'settings' };
    case 'tools':
      return { name: 'tools' };
    case 'search':
      return { name: 'search', query: query.get('q') ?? '' };
    default:
      return defaultRoute;
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'queue':
      return `#/queue/${encodeURIComponent(route.viewId)}`;
    case 'ticket':
      return `#/ticket/${encodeURIComponent(route.ticketId)}`;
    case 'accounts':
      return '#/accounts';
    case 'account':
      return `#/accounts/${encodeURIComponent(route.accountId)}`;
    case 'lead':
      return '#/lead';
    case 'escalations':
      return '#/escalations';
    case 'incidents':
      return '#/incidents';
    case 'settings':
      return '#/settings';
    case 'tools':
      return '#/tools';
    case 'search':
      return route.query ? `#/search?q=${encodeURIComponent(route.query)}` : '#/search';
    default: {
      const unreachable: never = route;
      throw new Error(`unknown route ${JSON.stringify(unreachable)}`);
    }
  }
}

export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (opts.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  notify();
}

const listeners = new Set<() => void>();
function notify(): void {
  for (const l of listeners) l();
}
function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (listeners.size === 1) window.addEventListener('hashchange', notify);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      window.removeEventListener('hashchange', notify);
      window.removeEventListener('popstate', notify);
    }
  };
}

let lastHash = '';
let lastRoute: Route = defaultRoute;
function currentRoute(): Route {
  const hash = window.location.hash;
  if (hash !== lastHash) {
    lastHash = hash;
    lastRoute = parseHash(hash);
  }
  return lastRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute);
}

/** The last queue view visited, so "back to queue" returns to where the agent was. */
let lastQueueViewId = defaultViewId;
export function rememberQueueView(viewId: string): void {
  lastQueueViewId = viewId;
}
export function lastQueueView(): string {
  return lastQueueViewId;
}
