import type { Channel, PlanTier, Severity } from '../domain/primitives';
import type { SlaPolicy } from '../domain/sla';

/** What a policy's match conditions look at. */
export interface SlaTicketFacts {
  readonly plan: PlanTier;
  readonly severity: Severity;
  readonly channel: Channel;
  readonly tags: readonly string[];
}

export type MatchablePolicy = Readonly<Pick<SlaPolicy, 'position' | 'match'>>;

/**
 * Whether every condition of the policy holds. An absent or empty list places no condition;
 * `tags` needs at least one of the listed tags on the ticket.
 */
export function slaPolicyMatches(policy: MatchablePolicy, facts: SlaTicketFacts): boolean {
  const { plans, severities, channels, tags } = policy.match;
  if (plans && plans.length > 0 && !plans.includes(facts.plan)) return false;
  if (severities && severities.length > 0 && !severities.includes(facts.severity)) return false;
  if (channels && channels.length > 0 && !channels.includes(facts.channel)) return false;
  if (tags && tags.length > 0 && !tags.some((tag) => facts.tags.includes(tag))) return false;
  return true;
}

/**
 * The policy that covers a ticket: the matching policy with the lowest position (first match wins;
 * on equal positions the earlier one in the list). Undefined when none matches.
 */
export function matchSlaPolicy<P extends MatchablePolicy>(policies: readonly P[], facts: SlaTicketFacts): P | undefined {
  let best: P | undefined;
  for (const policy of policies) {
    if ((best === undefined || policy.position < best.position) && slaPolicyMatches(policy, facts)) best = policy;
  }
  return best;
}
