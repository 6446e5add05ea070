import { describe, expect, it } from 'vitest';
import { SearchIndex } from './searchIndex';

type Kind = 'ticket' | 'message' | 'article';

function keysOf(hits: { length: number; key(i: number): string }): string[] {
  return Array.from({ length: hits.length }, (_, i) => hits.key(i));
}

function sample(): SearchIndex<Kind, { n: number }> {
  const index = new SearchIndex<Kind, { n: number }>();
  index.add('t:1', { kind: 'ticket', title: '#101 SSO login fails with SAML response error', text: 'sso okta', meta: { n: 1 } });
  index.add('t:2', { kind: 'ticket', title: '#102 Webhook deliveries delayed', text: 'webhooks integration', meta: { n: 2 } });
  index.add('m:1', { kind: 'message', title: '', text: 'Our webhook endpoint sees events delayed by ten minutes since Monday.', meta: { n: 3 } });
  index.add('m:2', { kind: 'message', title: '', text: 'The SAML response is not yet valid; looks like clock skew at the IdP.', meta: { n: 4 } });
  index.add('a:1', { kind: 'article', title: 'Rate limits of the REST API', text: 'Each workspace may send 600 requests per minute.', meta: { n: 5 } });
  return index;
}

describe('SearchIndex', () => {
  it('requires every word with AND and ranks a title match above a body match', () => {
    const hits = sample().search('saml response');
    expect(keysOf(hits)).toEqual(['t:1', 'm:2']);
    expect(hits.score(0)).toBeGreaterThan(hits.score(1));
    expect(hits.kind(0)).toBe('ticket');
    expect(hits.meta(1)).toEqual({ n: 4 });
    expect(hits.terms).toEqual(expect.arrayContaining(['saml', 'response']));
  });

  it('matches any word with OR', () => {
    expect(keysOf(sample().search('okta rate', { combineWith: 'OR' })).sort()).toEqual(['a:1', 't:1']);
    expect(sample().search('okta rate').length).toBe(0);
  });

  it('types ahead: the last word matches as a prefix, earlier words only exactly', () => {
    const index = sample();
    expect(keysOf(index.search('webh')).sort()).toEqual(['m:1', 't:2']);
    expect(index.search('webh delayed').length).toBe(0);
    expect(keysOf(index.search('webhook te'))).toEqual(['m:1']);
  });

  it('tolerates a typo only when asked, and only in words of five letters or more', () => {
    const index = sample();
    expect(index.search('webhok delayd').length).toBe(0);
    expect(keysOf(index.search('webhok delayd', { fuzzy: true })).sort()).toEqual(['m:1', 't:2']);
    expect(index.search('sdo okta', { fuzzy: true }).length).toBe(0);
  });

  it('filters by kind', () => {
    expect(keysOf(sample().search('webhook', { kinds: ['message'] }))).toEqual(['m:1']);
  });

  it('replaces a document under the same key and forgets removed ones', () => {
    const index = sample();
    index.add('t:2', { kind: 'ticket', title: '#102 Export times out', text: 'export', meta: { n: 9 } });
    expect(keysOf(index.search('webhook'))).toEqual(['m:1']);
    expect(keysOf(index.search('export'))).toEqual(['t:2']);
    expect(index.search('export').meta(0)).toEqual({ n: 9 });
    index.remove('m:1');
    expect(index.search('webhook').length).toBe(0);
    expect(index.size).toBe(4);
    expect(index.has('m:1')).toBe(false);
    index.remove('m:1'); // removing twice is harmless
    expect(index.size).toBe(4);
  });
});
