import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererAsset } from './rendererAsset';

const root = resolve('/opt/accord/out/renderer');

describe('resolveRendererAsset', () => {
  it.each([
    ['app://accord/', join(root, 'index.html'), false],
    ['app://accord/index.html', join(root, 'index.html'), false],
    ['app://accord/assets/index-abc123.js', join(root, 'assets/index-abc123.js'), false],
    ['app://accord/assets/font%20name.woff2', join(root, 'assets/font name.woff2'), false],
    ['app://accord/tickets/42', join(root, 'tickets/42'), true],
    ['app://accord/index.html?x=1#/queue', join(root, 'index.html'), false],
    // The URL parser resolves dot segments before we see them, so they stay inside.
    ['app://accord/../../etc/passwd', join(root, 'etc/passwd'), true],
    ['app://accord/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc/passwd'), true],
    ['app://accord/..', join(root, 'index.html'), false],
  ])('%s → file inside the renderer folder', (url, filePath, spaFallback) => {
    expect(resolveRendererAsset(root, url)).toEqual({ filePath, spaFallback });
  });

  it.each([
    'app://evil/index.html',
    'app://accord.evil/index.html',
    'app://x@accord/index.html',
    'https://accord/index.html',
    'file:///etc/passwd',
    'app://accord/..%2F..%2Fetc%2Fpasswd',
    'app://accord/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://accord/..%5C..%5Cwindows%5Cwin.ini',
    'app://accord/index.html%00.png',
    'app://accord/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveRendererAsset(root, url)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the bundle types and is safe by default', () => {
    expect(contentTypeFor('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/a/x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/a/x.unknown')).toBe('application/octet-stream');
    expect(contentTypeFor('/a/noext')).toBe('application/octet-stream');
  });
});
