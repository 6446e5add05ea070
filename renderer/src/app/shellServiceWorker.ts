import { getHost } from '../host/host';

/**
 * Registers the service worker that keeps the app shell for offline reloads (renderer/src/serviceWorker). Only
 * the web console over http(s) needs it: the desktop app loads its renderer locally (app://), and the dev server
 * has no /sw.js.
 */
export function registerShellServiceWorker(): void {
  if (!import.meta.env.PROD || getHost().kind !== 'web') return;
  if (!/^https?:$/.test(window.location.protocol) || !('serviceWorker' in navigator)) return;
  const register = () => {
    // The server serves the web console at its root, so the shell worker's scope is the whole origin.
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('offline reloads are not available: the service worker did not register', error);
    });
  };
  // After the page has loaded, so that caching the shell never competes with the first start.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
