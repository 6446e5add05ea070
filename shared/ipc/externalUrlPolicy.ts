/**
 * Which links may leave the app for the system browser. Used by the desktop main process
 * (shell.openExternal, window-open and navigation handlers) and by the web console's host, so
 * both refuse the same things. Pure: the WHATWG URL parser is a language-level global in Node
 * and in browsers.
 */

/**
 * Hosts we send agents to. `*.example.com` matches subdomains only, never the apex or
 * look-alikes such as `evilexample.com`. Kept short on purpose: a ticket body is untrusted
 * input, so "open any https link" would make the app a phishing launcher.
 */
export const externalHostAllowlist: readonly string[] = [
  'accord.app', // product site
  '*.accord.app', // docs, status page, help centre
  'github.com', // release notes and issue links in the about/help menu
  '*.slack.com', // shared Slack channels are a ticket channel (DOMAIN.md)
];

export const maxExternalUrlLength = 2048;

export type ExternalUrlVerdict =
  | { readonly allowed: true; /** The re-serialised URL: open this, never the raw input. */ readonly href: string }
  | { readonly allowed: false; readonly reason: string };

// Control characters, any whitespace, backslashes and non-ASCII are refused outright instead
// of being "helpfully" normalised: parsers disagree about them (`https://evil.com\@good.com`
// is evil.com to a WHATWG parser and good.com to others), and non-ASCII hosts are how IDN
// look-alikes (`аccord.app` with a Cyrillic а) arrive.
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const refusedCharacters = /[\u0000-\u0020\u007f-\uffff\\]/;

export function checkExternalUrl(
  input: unknown,
  allowlist: readonly string[] = externalHostAllowlist,
): ExternalUrlVerdict {
  if (typeof input !== 'string') return refuse('not a string');
  if (input.length === 0 || input.length > maxExternalUrlLength) return refuse('empty or too long');
  if (refusedCharacters.test(input)) return refuse('contains whitespace, control, backslash or non-ASCII characters');
  // The raw prefix check rejects `https:evil.com` and `https:/evil.com`, which the parser would repair.
  if (!/^https:\/\/[^/]/i.test(input)) return refuse('only https:// links may be opened');

  // The authority as typed must be a bare DNS name: no userinfo (`@`), no port, no IP literal
  // brackets, no percent-encoding. The parser would otherwise quietly drop `https://@host`.
  const authority = input.slice('https://'.length).split(/[/?#]/, 1)[0] ?? '';
  if (!/^[a-z0-9.-]+$/i.test(authority)) return refuse('the host part must be a plain DNS name');

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('not a valid URL');
  }
  if (url.protocol !== 'https:') return refuse('only https:// links may be opened');
  if (url.username !== '' || url.password !== '') return refuse('links with credentials are refused');
  if (url.port !== '') return refuse('links with an explicit port are refused');

  const host = url.hostname;
  if (host.split('.').some((label) => label.startsWith('xn--'))) return refuse('internationalised (punycode) hosts are refused');
  if (!isHostAllowed(host, allowlist)) return refuse(`${host} is not on the allowlist`);
  return { allowed: true, href: url.href };
}

export function isAllowedExternalUrl(input: unknown, allowlist: readonly string[] = externalHostAllowlist): boolean {
  return checkExternalUrl(input, allowlist).allowed;
}

function isHostAllowed(host: string, allowlist: readonly string[]): boolean {
  return allowlist.some((entry) => {
    if (entry.startsWith('*.')) {
      const suffix = entry.slice(1); // ".example.com"
      return host.endsWith(suffix) && host.length > suffix.length;
    }
    return host === entry;
  });
}

function refuse(reason: string): ExternalUrlVerdict {
  return { allowed: false, reason };
}
