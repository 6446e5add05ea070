import { stopTicketStore } from '../features/queue/ticketStore';
import { stopSearchWorker } from '../features/search/searchClient';
import { signOut } from './session';
import { stopSync } from './syncBridge';
import { useUi } from './uiStore';

/**
 * Signing out never waits long on sync: the engine finishes a running round (e.g. a bootstrap) in the background
 * while the session is revoked at once.
 */
export async function logout(): Promise<void> {
  const stopping = stopSync().catch(() => undefined);
  await Promise.race([stopping, new Promise((r) => setTimeout(r, 1500))]);
  stopTicketStore();
  stopSearchWorker();
  useUi.getState().reset();
  await signOut();
  window.history.replaceState(null, '', '#/');
}
