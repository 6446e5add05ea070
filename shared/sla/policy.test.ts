import { describe, expect, it } from 'vitest';
import { matchSlaPolicy, slaPolicyMatches, type SlaTicketFacts } from './policy';

const facts: SlaTicketFacts = { plan: 'enterprise', severity: 1, channel: 'email', tags: ['vip', 'billing'] };
const p = (position: number, match: Parameters<typeof slaPolicyMatches>[0]['match'], name = `p${position}`) => ({ position, match, name });

describe('matchSlaPolicy', () => {
  it('picks the matching policy with the lowest position, whatever the list order', () => {
    const policies = [p(5, {}), p(2, { plans: ['enterprise'] }), p(1, { plans: ['starter'] }), p(3, { severities: [1] })];
    expect(matchSlaPolicy(policies, facts)?.name).toBe('p2');
  });

  it('requires every condition; empty lists place none; tags need at least one in common', () => {
    expect(slaPolicyMatches(p(0, { plans: ['enterprise'], severities: [1, 2], channels: ['email'], tags: ['vip'] }), facts)).toBe(true);
    expect(slaPolicyMatches(p(0, { plans: ['enterprise'], channels: ['chat'] }), facts)).toBe(false);
    expect(slaPolicyMatches(p(0, { severities: [3, 4] }), facts)).toBe(false);
    expect(slaPolicyMatches(p(0, { tags: ['security', 'billing'] }), facts)).toBe(true);
    expect(slaPolicyMatches(p(0, { tags: ['security'] }), facts)).toBe(false);
    expect(slaPolicyMatches(p(0, { plans: [], severities: [], channels: [], tags: [] }), facts)).toBe(true);
  });

  it('breaks ties in list order and returns undefined when nothing matches', () => {
    expect(matchSlaPolicy([p(1, {}, 'first'), p(1, {}, 'second')], facts)?.name).toBe('first');
    expect(matchSlaPolicy([p(1, { plans: ['starter'] })], facts)).toBeUndefined();
    expect(matchSlaPolicy([], facts)).toBeUndefined();
  });
});
