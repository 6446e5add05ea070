import { describe, expect, it } from 'vitest';
import type { SlaTicketFacts } from './policy';
import { accountEntitlementPolicy, slaPolicyForTicket } from './slaPolicyForTicket';

// The demo organisation's shape: a Sev 1 overlay first, then region policies per plan, catch-alls last.
const p = (id: string, position: number, match: { plans?: ('enterprise' | 'business' | 'starter')[]; severities?: (1 | 2 | 3 | 4)[]; tags?: string[] }) => ({ id, position, match });
const sev1 = p('sev1-24x7', 10, { plans: ['enterprise'], severities: [1] });
const emea = p('ent-emea', 20, { plans: ['enterprise'], tags: ['region:emea'] });
const americas = p('ent-americas', 23, { plans: ['enterprise'] });
const business = p('biz-americas', 30, { plans: ['business'] });
const lateOverlay = p('biz-sev2-late', 40, { plans: ['business'], severities: [2] });
const policies = [americas, business, sev1, emea, lateOverlay];

const facts = (over: Partial<SlaTicketFacts>): SlaTicketFacts => ({ plan: 'enterprise', severity: 2, channel: 'email', tags: [], ...over });

describe('slaPolicyForTicket', () => {
  it('without a contract: first match by position over all policies', () => {
    expect(slaPolicyForTicket(policies, null, facts({ severity: 1 }))?.id).toBe('sev1-24x7');
    expect(slaPolicyForTicket(policies, null, facts({ tags: ['region:emea'] }))?.id).toBe('ent-emea');
    expect(slaPolicyForTicket(policies, undefined, facts({}))?.id).toBe('ent-americas');
  });

  it("an enterprise Sev 1 counts under the 24/7 overlay even when the account's contract names a hub policy", () => {
    expect(slaPolicyForTicket(policies, 'ent-emea', facts({ severity: 1, tags: ['region:emea'] }))?.id).toBe('sev1-24x7');
    expect(slaPolicyForTicket(policies, 'ent-americas', facts({ severity: 1 }))?.id).toBe('sev1-24x7');
  });

  it("otherwise the contract's policy wins over region and plan matches, even where its own conditions fail", () => {
    // A region tag would pick EMEA by first match; the contract says Americas.
    expect(slaPolicyForTicket(policies, 'ent-americas', facts({ tags: ['region:emea'] }))?.id).toBe('ent-americas');
    // A business account contracted on the enterprise terms keeps them (the Sev 1 overlay is for enterprise plans).
    expect(slaPolicyForTicket(policies, 'ent-americas', facts({ plan: 'business', severity: 1 }))?.id).toBe('ent-americas');
  });

  it('an overlay ordered after the contracted policy does not override it', () => {
    expect(slaPolicyForTicket(policies, 'biz-americas', facts({ plan: 'business', severity: 2 }))?.id).toBe('biz-americas');
    expect(slaPolicyForTicket(policies, null, facts({ plan: 'business', severity: 2 }))?.id).toBe('biz-americas');
  });

  it('an unknown contracted id falls back to first match', () => {
    expect(slaPolicyForTicket(policies, 'deleted-policy', facts({ severity: 1 }))?.id).toBe('sev1-24x7');
    expect(slaPolicyForTicket([], 'deleted-policy', facts({}))).toBeUndefined();
  });
});

describe('accountEntitlementPolicy', () => {
  it("is the contract's policy, else the first plan policy that is not a severity overlay", () => {
    expect(accountEntitlementPolicy(policies, { plan: 'enterprise', slaPolicyId: 'ent-emea' })?.id).toBe('ent-emea');
    // The Sev 1 overlay comes first by position but is not what the account's contract is about.
    expect(accountEntitlementPolicy(policies, { plan: 'enterprise', slaPolicyId: null })?.id).toBe('ent-emea');
    expect(accountEntitlementPolicy(policies, { plan: 'starter', slaPolicyId: null })).toBeUndefined();
  });
});
