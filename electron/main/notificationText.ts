/**
 * Notification text comes from ticket data (customer-written subjects). Some Linux
 * notification servers interpret a markup subset (<a>, <img>, <b>) in the body, so angle
 * brackets are replaced by look-alike quotes; control characters become spaces; length is
 * capped so a pasted e-mail does not fill the screen.
 */
export function plainNotificationText(text: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we remove
  const flattened = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/</g, '‹').replace(/>/g, '›').replace(/\s+/g, ' ').trim();
  return flattened.length > maxLength ? `${flattened.slice(0, maxLength - 1)}…` : flattened;
}
