import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkExternalUrl, externalHostAllowlist, isAllowedExternalUrl } from './externalUrlPolicy';

describe('checkExternalUrl', () => {
  it.each([
    'https://accord.app',
    'https://accord.app/',
    'https://docs.accord.app/sla/attainment?tab=month#breaches',
    'https://status.accord.app/incidents/42',
    'https://github.com/accord/accord/releases',
    'https://acme.slack.com/archives/C123',
    'HTTPS://DOCS.ACCORD.APP/Guide',
  ])('allows %s', (url) => {
    expect(checkExternalUrl(url)).toMatchObject({ allowed: true });
  });

  it('returns the re-serialised URL, not the raw input', () => {
    expect(checkExternalUrl('HTTPS://Docs.Accord.App/a/../b')).toEqual({ allowed: true, href: 'https://docs.accord.app/b' });
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript with https text', 'javascript://accord.app/%0aalert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['plain http', 'http://accord.app/'],
    ['ftp', 'ftp://accord.app/'],
    ['custom scheme', 'accord://open'],
    ['smb share', '\\\\evil.com\\share'],
    ['scheme-relative', '//accord.app/'],
    ['https without slashes', 'https:accord.app'],
    ['https with one slash', 'https:/accord.app'],
    ['host not listed', 'https://evil.com/'],
    ['backslash userinfo trick', 'https://evil.com\\@accord.app'],
    ['userinfo trick', 'https://accord.app@evil.com/'],
    ['userinfo on allowed host', 'https://user:pass@accord.app/'],
    ['empty userinfo', 'https://@accord.app/'],
    ['encoded @ in host', 'https://accord.app%40evil.com/'],
    ['suffix look-alike', 'https://evilaccord.app/'],
    ['allowed name as subdomain of evil', 'https://accord.app.evil.com/'],
    ['wildcard does not match apex of slack', 'https://slack.com.evil.com/'],
    ['trailing dot', 'https://accord.app./'],
    ['explicit port', 'https://accord.app:8443/'],
    ['explicit default port', 'https://accord.app:443/'],
    ['cyrillic a look-alike (IDN)', 'https://\u0430ccord.app/'],
    ['punycode look-alike', 'https://xn--ccord-8ve.app/'],
    ['punycode subdomain', 'https://xn--80ak6aa92e.accord.app/'],
    ['fullwidth letters', 'https://\uff41ccord.app/'],
    ['leading space', ' https://accord.app/'],
    ['embedded newline', 'https://acc\nord.app/'],
    ['embedded tab', 'https://accord.app/\tx'],
    ['NUL byte', 'https://accord.app/\u0000'],
    ['IPv4 host', 'https://127.0.0.1/'],
    ['IPv6 host', 'https://[::1]/'],
    ['empty', ''],
    ['too long', `https://accord.app/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(checkExternalUrl(url)).toMatchObject({ allowed: false });
  });

  it.each([undefined, null, 42, {}, ['https://accord.app']])('refuses non-strings (%s)', (value) => {
    expect(isAllowedExternalUrl(value)).toBe(false);
  });

  it('the WHATWG parser reads the backslash trick as evil.com, which is why backslashes are refused', () => {
    expect(new URL('https://evil.com\\@accord.app').hostname).toBe('evil.com');
  });

  it('honours a custom allowlist and its wildcard semantics', () => {
    const allowlist = ['*.example.com'];
    expect(isAllowedExternalUrl('https://a.example.com/', allowlist)).toBe(true);
    expect(isAllowedExternalUrl('https://a.b.example.com/', allowlist)).toBe(true);
    expect(isAllowedExternalUrl('https://example.com/', allowlist)).toBe(false);
    expect(isAllowedExternalUrl('https://.example.com/', allowlist)).toBe(false);
    expect(isAllowedExternalUrl('https://badexample.com/', allowlist)).toBe(false);
    expect(isAllowedExternalUrl('https://accord.app/', [])).toBe(false);
  });

  it('never allows a host outside the allowlist (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), fc.webPath(), (labels, path) => {
        const host = labels.join('.');
        const verdict = checkExternalUrl(`https://${host}${path}`);
        if (verdict.allowed) {
          const parsed = new URL(verdict.href);
          const onList = externalHostAllowlist.some((entry) =>
            entry.startsWith('*.') ? parsed.hostname.endsWith(entry.slice(1)) : parsed.hostname === entry,
          );
          expect(onList).toBe(true);
          expect(parsed.protocol).toBe('https:');
        }
      }),
    );
  });

  it('an allowed verdict always re-parses to the same https host without credentials (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const verdict = checkExternalUrl(url, ['*.com', '*.org', '*.net']);
        if (!verdict.allowed) return;
        const parsed = new URL(verdict.href);
        expect(parsed.protocol).toBe('https:');
        expect(parsed.username).toBe('');
        expect(parsed.password).toBe('');
        expect(parsed.hostname).toBe(new URL(url).hostname);
      }),
    );
  });
});
