import { describe, expect, it } from 'vitest';
import { KindIndexes } from './kindIndexes';

type Kind = 'ticket' | 'message' | 'article';

function sample(): KindIndexes<Kind, { n: number }> {
  const indexes = new KindIndexes<Kind, { n: number }>(['ticket', 'message', 'article']);
  indexes.add('ticket', 't:1', { title: '#101 SSO login fails with SAML response error', text: 'sso okta', meta: { n: 1 } });
  indexes.add('ticket', 't:2', { title: '#102 Webhook deliveries delayed', text: 'webhooks', meta: { n: 2 } });
  indexes.add('ticket', 't:3', { title: '#103 Webhook retries', text: 'webhooks', meta: { n: 3 } });
  indexes.add('message', 'm:1', { title: '', text: 'Our webhook endpoint sees events delayed by ten minutes.', meta: { n: 4 } });
  indexes.add('message', 'm:2', { title: '', text: 'The SAML response is not yet valid; clock skew at the IdP.', meta: { n: 5 } });
  indexes.add('article', 'a:1', { title: 'Webhook delivery and retries', text: 'Deliveries are retried for 24 hours.', meta: { n: 6 } });
  return indexes;
}

describe('KindIndexes', () => {
  it('returns the best hits of each kind, kinds in the order asked, each kind capped', () => {
    const hits = sample().search('webhook', { limitPerKind: 1, fuzzyBelow: 0 });
    expect(hits.map((h) => h.kind)).toEqual(['ticket', 'message', 'article']);
    expect(hits.map((h) => h.key)).toEqual([expect.stringMatching(/^t:[23]$/), 'm:1', 'a:1']);
    expect(hits[1]!.meta).toEqual({ n: 4 });
    expect(hits[1]!.terms).toEqual(['webhook']);
  });

  it('searches only the kinds asked for', () => {
    const hits = sample().search('webhook', { kinds: ['article', 'message'], limitPerKind: 5, fuzzyBelow: 0 });
    expect(hits.map((h) => h.key)).toEqual(['a:1', 'm:1']);
  });

  it('tolerates typos only when all kinds together find almost nothing', () => {
    const indexes = sample();
    expect(indexes.search('webhok', { limitPerKind: 5, fuzzyBelow: 0 })).toEqual([]);
    expect(indexes.search('webhok', { limitPerKind: 5, fuzzyBelow: 3 }).map((h) => h.kind)).toEqual(['ticket', 'ticket', 'message', 'article']);
    // "saml response" finds two documents exactly: with fuzzyBelow 2 that is enough, no typo pass.
    expect(indexes.search('saml response', { limitPerKind: 5, fuzzyBelow: 2 }).map((h) => h.key)).toEqual(['t:1', 'm:2']);
  });

  it('counts, replaces and removes documents per kind', () => {
    const indexes = sample();
    expect(indexes.size).toBe(6);
    indexes.add('message', 'm:1', { title: '', text: 'Export times out', meta: { n: 7 } });
    expect(indexes.search('webhook', { kinds: ['message'], limitPerKind: 5, fuzzyBelow: 0 })).toEqual([]);
    indexes.remove('message', 'm:1');
    expect(indexes.size).toBe(5);
    expect(indexes.search('export', { limitPerKind: 5, fuzzyBelow: 0 })).toEqual([]);
  });
});
