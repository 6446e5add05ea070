import { describe, expect, it } from 'vitest';
import { backendSources, contentSecurityPolicy } from './contentSecurityPolicy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('lets the renderer reach the embedded backend over HTTP and WebSocket only', () => {
    const csp = directives(contentSecurityPolicy('http://127.0.0.1:41234'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:41234', 'ws://127.0.0.1:41234']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(csp.get('img-src')).not.toContain('https:');
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('uses wss for an https backend and drops its path prefix', () => {
    const csp = directives(contentSecurityPolicy('https://accord.example.com/support'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://accord.example.com', 'wss://accord.example.com']);
  });

  it.each(['https://a.com;script-src', 'https://a.com%3Breport-uri', 'javascript:alert(1)', 'ftp://a.com', 'not a url'])(
    'refuses a backend URL that could inject CSP syntax: %s',
    (url) => {
      expect(() => backendSources(url)).toThrow();
    },
  );
});
