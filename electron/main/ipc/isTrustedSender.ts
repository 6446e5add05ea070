import { isAppUrl } from '../appUrl';

/**
 * The IPC sender check (VS Code's ipcMain wrapper does the same): only our own top-level page
 * may call the bridge — never an iframe (even one of ours) and never a page that navigated
 * elsewhere. `frameUrl` is the sender frame's *current* URL as seen by the main process, not
 * anything the renderer claims.
 */
export function isTrustedSender(frameUrl: string, isTopFrame: boolean, appOrigin: string): boolean {
  return isTopFrame && isAppUrl(frameUrl, appOrigin);
}
