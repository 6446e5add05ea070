import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseBackendUrl } from './backendUrl';

describe('parseBackendUrl', () => {
  it.each([
    ['https://accord.example.com', 'https://accord.example.com'],
    ['  https://accord.example.com/  ', 'https://accord.example.com'],
    ['https://ACCORD.example.com:8443/support/', 'https://accord.example.com:8443/support'],
    ['https://accord.example.com:443', 'https://accord.example.com'],
    ['http://localhost:7340', 'http://localhost:7340'],
    ['http://127.0.0.1:7340/', 'http://127.0.0.1:7340'],
    ['http://[::1]:7340', 'http://[::1]:7340'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseBackendUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each([
    '',
    '   ',
    'accord.example.com',
    'ftp://accord.example.com',
    'file:///srv/accord',
    'javascript:alert(1)',
    'ws://accord.example.com',
    'http://accord.example.com', // plain http to another machine
    'http://192.168.1.10:7340',
    'http://localhost.evil.com',
    'https://user:secret@accord.example.com',
    'https://accord.example.com/?x=1',
    'https://accord.example.com/#x',
    'https://',
    'https://a.com;script-src',
    'https://a.com%3Breport-uri',
    'https://a_b.example.com',
    `https://accord.example.com/${'a'.repeat(3000)}`,
  ])('rejects %j', (input) => {
    const verdict = parseBackendUrl(input);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and nothing else', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
  });
});
