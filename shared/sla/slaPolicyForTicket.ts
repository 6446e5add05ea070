import { matchSlaPolicy, type MatchablePolicy, type SlaTicketFacts } from './policy';

/** A policy the selection can name: it has an id the account's contract can point at. */
export type SelectablePolicy = MatchablePolicy & { readonly id: string };

/** All policies (in any order; position decides) and the policy the ticket's account contract names, if any. */
export interface AccountSlaPolicies<P extends SelectablePolicy = SelectablePolicy> {
  readonly policies: readonly P[];
  readonly accountPolicyId: string | null | undefined;
}

/**
 * What the clocks (shared/sla/clocks) choose a ticket's policy from — by slaPolicyForTicket, again on every plan or
 * severity change. The console and the scanner both build it here, so neither can pre-pick a policy of its own.
 */
export function accountSlaPolicies<P extends SelectablePolicy>(policies: readonly P[], accountPolicyId: string | null | undefined): AccountSlaPolicies<P> {
  return { policies, accountPolicyId };
}

/**
 * A severity overlay: a policy that covers only some severities (e.g. "Enterprise — Sev 1 (24/7)"). Overlays are the
 * emergency terms of a plan, not an account's entitlement.
 */
export function isSeverityOverlay(policy: MatchablePolicy): boolean {
  return (policy.match.severities?.length ?? 0) > 0;
}

/**
 * The one rule by which the demo generator, the server's scanner and the console choose a ticket's SLA policy.
 *
 * Without a contracted policy: first match by position over all policies. With one, the contract's policy replaces
 * the plan- and region-level choice, but a severity overlay ordered before it that matches still wins — a B2B team
 * expects an enterprise customer's Sev 1 to count 24/7 (DOMAIN.md) whatever hub's hours its contract names, and the
 * order of the policies is how an admin states precedence. The contract's policy applies even when its own match
 * conditions no longer hold (the contract named it). A contracted id that is unknown (deleted, not yet synced)
 * falls back to first match rather than leaving the ticket without clocks.
 */
export function slaPolicyForTicket<P extends SelectablePolicy>(
  policies: readonly P[],
  accountPolicyId: string | null | undefined,
  facts: SlaTicketFacts,
): P | undefined {
  const contracted = accountPolicyId ? policies.find((p) => p.id === accountPolicyId) : undefined;
  if (!contracted) return matchSlaPolicy(policies, facts);
  const overlays = policies.filter((p) => p.position < contracted.position && isSeverityOverlay(p));
  return matchSlaPolicy(overlays, facts) ?? contracted;
}

/**
 * The policy that states an account's contract terms (remedy, name) as a whole: its contracted policy, else the first
 * policy by position that admits its plan and is not a severity overlay.
 */
export function accountEntitlementPolicy<P extends SelectablePolicy>(
  policies: readonly P[],
  account: { readonly plan: SlaTicketFacts['plan']; readonly slaPolicyId: string | null },
): P | undefined {
  const contracted = account.slaPolicyId ? policies.find((p) => p.id === account.slaPolicyId) : undefined;
  if (contracted) return contracted;
  return [...policies]
    .sort((a, b) => a.position - b.position)
    .find((p) => !isSeverityOverlay(p) && (!p.match.plans || p.match.plans.length === 0 || p.match.plans.includes(account.plan)));
}
