import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './isTrustedSender';
import { appOrigin, isAppUrl } from '../appUrl';

describe('isTrustedSender', () => {
  it('trusts our top frame on the app scheme', () => {
    expect(isTrustedSender('app://accord/index.html', true, appOrigin)).toBe(true);
    expect(isTrustedSender('app://accord/', true, appOrigin)).toBe(true);
    expect(isTrustedSender('app://accord/index.html#/tickets/1?x=y', true, appOrigin)).toBe(true);
  });

  it('never trusts a subframe, even one on our origin', () => {
    expect(isTrustedSender('app://accord/index.html', false, appOrigin)).toBe(false);
  });

  it.each([
    '',
    'about:blank',
    'app://evil/index.html',
    'app://accord.evil/index.html',
    'app://accord@evil/index.html',
    'app://user:pw@accord/index.html',
    'app://accord:8080/index.html',
    'apps://accord/index.html',
    'https://accord/index.html',
    'file:///app/out/renderer/index.html',
    'http://localhost:5173/',
    'https://accord.app/',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
    'not a url',
  ])('does not trust a top frame at %j', (url) => {
    expect(isTrustedSender(url, true, appOrigin)).toBe(false);
  });

  it('in development trusts exactly the Vite dev server origin', () => {
    const dev = 'http://localhost:5173';
    expect(isTrustedSender('http://localhost:5173/', true, dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/index.html', true, dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', true, dev)).toBe(false);
    expect(isTrustedSender('https://localhost:5173/', true, dev)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/', true, dev)).toBe(false);
    expect(isTrustedSender('http://localhost.evil.com:5173/', true, dev)).toBe(false);
    expect(isTrustedSender('app://accord/index.html', true, dev)).toBe(false);
  });

  it('refuses everything when the expected origin itself is unusable', () => {
    expect(isAppUrl('app://accord/', '')).toBe(false);
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false);
  });
});
