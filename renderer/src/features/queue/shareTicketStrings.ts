import type { Ticket } from '../../../../shared/domain';

/**
 * The index holds every cached ticket (100,000 on a large team) for as long as the app runs. Each ticket read from
 * IndexedDB arrives with its own copy of every string: the same account, owner and team ids, statuses, plans and
 * tags, repeated across thousands of tickets. Swapping them for one shared copy each (in place, on the objects the
 * index keeps) leaves several hundred thousand fewer live objects for every full garbage collection to mark, and
 * those collections pause the page.
 *
 * The copies read from the cache are young and die right away, which is cheap; only the shared ones live on. The
 * number of distinct values is bounded by the accounts, contacts, agents, teams and tags in the cache.
 */
const shared = new Map<string, string>();

function share(value: string): string {
  const known = shared.get(value);
  if (known !== undefined) return known;
  shared.set(value, value);
  return value;
}

function shareOrNull(value: string | null): string | null {
  return value === null ? null : share(value);
}

/** One empty list for every ticket without tags or collaborators; frozen, so a change to it fails loudly. */
const noStrings: string[] = Object.freeze([]) as unknown as string[];

function shareList(values: string[]): string[] {
  if (values.length === 0) return noStrings;
  for (let i = 0; i < values.length; i++) values[i] = share(values[i]!);
  return values;
}

/** Replaces the ticket's repeated strings with shared copies; the ticket is the same object, equal in every field. */
export function shareTicketStrings(ticket: Ticket): void {
  // Objects that someone froze (a cached query result, a test fixture) are left as they are.
  if (Object.isFrozen(ticket)) return;
  const t = ticket as { -readonly [K in keyof Ticket]: Ticket[K] };
  t.accountId = share(t.accountId);
  t.requesterId = shareOrNull(t.requesterId);
  t.ownerId = shareOrNull(t.ownerId);
  t.teamId = shareOrNull(t.teamId);
  t.incidentId = shareOrNull(t.incidentId);
  t.channel = share(t.channel) as Ticket['channel'];
  t.status = share(t.status) as Ticket['status'];
  t.plan = share(t.plan) as Ticket['plan'];
  if (!Object.isFrozen(t.tags)) t.tags = shareList(t.tags);
  if (!Object.isFrozen(t.collaboratorIds)) t.collaboratorIds = shareList(t.collaboratorIds);
}
