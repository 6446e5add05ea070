import { describe, expect, it } from 'vitest';
import { parseHash, routeHref, type Route } from './router';

describe('hash router', () => {
  const routes: Route[] = [
    { name: 'queue', viewId: 'unassigned-t1' },
    { name: 'ticket', ticketId: '0b0e7f6a-3c1e-4a57-9a58-4b2f7f9c1d2e' },
    { name: 'accounts' },
    { name: 'account', accountId: 'abc' },
    { name: 'lead' },
    { name: 'escalations' },
    { name: 'incidents' },
    { name: 'settings' },
    { name: 'tools' },
    { name: 'search', query: 'saml sso & okta' },
  ];
  it('round-trips every route through its href', () => {
    for (const r of routes) expect(parseHash(routeHref(r))).toEqual(r);
  });
  it('falls back to my open tickets for unknown or empty hashes', () => {
    expect(parseHash('')).toEqual({ name: 'queue', viewId: 'my-open' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'queue', viewId: 'my-open' });
  });
});
