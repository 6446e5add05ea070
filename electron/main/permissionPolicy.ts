import { isAppUrl } from './appUrl';

/**
 * Web permissions the renderer may have: notifications (SLA alerts through the web API) and
 * only for our own page. Everything else — camera, geolocation, MIDI, HID… — is refused.
 */
export function isPermissionGranted(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl, appOrigin);
}
