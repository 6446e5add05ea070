import { describe, expect, it } from 'vitest';
import { can } from '../../api/permissions';
import type { Agent, Role, Ticket } from '../../domain';
import type { SyncRow } from '../protocol';
import { MapMutationState, MutationRejected, prepareMutation, runPreparedMutation, type RowChange } from './index';

const t0 = 1_750_000_000_000;
const ids = {
  account: '00000000-0000-4000-8000-000000000001',
  ticket: '00000000-0000-4000-8000-000000000002',
  tier1: '00000000-0000-4000-8000-000000000003',
  lead: '00000000-0000-4000-8000-000000000004',
  msg: '00000000-0000-4000-8000-000000000005',
  msg2: '00000000-0000-4000-8000-000000000006',
  esc: '00000000-0000-4000-8000-000000000007',
  newTicket: '00000000-0000-4000-8000-000000000008',
  inactive: '00000000-0000-4000-8000-000000000009',
};

function agent(id: string, role: Role, active = true): Agent {
  return { id, email: `${role}@a.test`, name: role, role, teamId: null, timeZone: 'UTC', shiftStart: '09:00', shiftEnd: '17:00', active, version: 1, updatedAt: t0 };
}

function ticket(patch: Partial<Ticket> = {}): Ticket {
  return {
    id: ids.ticket, number: 1, subject: 'VPN down', accountId: ids.account, requesterId: null, channel: 'email', status: 'open',
    severity: 3, tier: 1, ownerId: null, collaboratorIds: [], teamId: null, tags: ['vpn'], incidentId: null, plan: 'enterprise',
    createdAt: t0, updatedAt: t0, solvedAt: null, lastCustomerMessageAt: t0, lastAgentReplyAt: null, awaitingReplySince: null,
    statusHistory: [{ at: t0, status: 'new' }, { at: t0, status: 'open' }], version: 1, ...patch,
  };
}

/** A tiny server: rows in a map, mutations run in order like the server's transaction would. */
function world(ticketPatch: Partial<Ticket> = {}) {
  const state = new MapMutationState();
  state.set('ticket', ids.ticket, ticket(ticketPatch) as unknown as SyncRow);
  state.set('account', ids.account, { id: ids.account, plan: 'business' });
  state.set('agent', ids.tier1, agent(ids.tier1, 'tier1') as unknown as SyncRow);
  state.set('agent', ids.lead, agent(ids.lead, 'lead') as unknown as SyncRow);
  state.set('agent', ids.inactive, agent(ids.inactive, 'tier1', false) as unknown as SyncRow);
  let now = t0;
  return {
    state,
    ticket: () => state.get('ticket', ids.ticket)!,
    run(name: string, args: unknown, actor: { id: string; role: Role } = { id: ids.tier1, role: 'tier1' }): RowChange[] {
      now += 1000;
      const prepared = prepareMutation(name, args);
      for (const ref of prepared.reads) if (!state.has(ref.entity, ref.id)) state.set(ref.entity, ref.id, undefined);
      const { changes } = runPreparedMutation(prepared, state, { now, actor }, can);
      state.applyChanges(changes);
      return changes;
    },
  };
}

function rejection(fn: () => unknown): MutationRejected {
  try {
    fn();
  } catch (error) {
    if (error instanceof MutationRejected) return error;
    throw error;
  }
  throw new Error('expected a MutationRejected');
}

describe('mutation args and permissions', () => {
  it('refuses unknown mutations and invalid args with a reason', () => {
    expect(rejection(() => prepareMutation('ticket.explode', {})).code).toBe('unknown_mutation');
    const invalid = rejection(() => prepareMutation('ticket.setSeverity', { ticketId: ids.ticket, severity: 7 }));
    expect(invalid.code).toBe('invalid_args');
    expect(invalid.reason).toContain('severity');
  });

  it('checks the role: tier 1 may not set the tier directly or assign others, but may take', () => {
    const w = world();
    expect(rejection(() => w.run('ticket.setTier', { ticketId: ids.ticket, tier: 2 })).code).toBe('forbidden');
    expect(rejection(() => w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.lead, expectedVersion: 1 })).code).toBe('forbidden');
    w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.tier1, expectedVersion: 1 });
    expect(w.ticket().ownerId).toBe(ids.tier1);
    w.run('ticket.setTier', { ticketId: ids.ticket, tier: 2 }, { id: ids.lead, role: 'lead' });
    expect(w.ticket().tier).toBe(2);
  });

  it('refuses mutations about rows that do not exist', () => {
    const w = world();
    const missing = '00000000-0000-4000-8000-0000000000ff';
    expect(rejection(() => w.run('ticket.setSeverity', { ticketId: missing, severity: 1 })).code).toBe('not_found');
  });
});

describe('status follows the ticket state machine', () => {
  it('moves along allowed transitions and stamps solvedAt', () => {
    const w = world();
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'solved' });
    expect(w.ticket()).toMatchObject({ status: 'solved', version: 2 });
    expect(w.ticket().solvedAt).not.toBeNull();
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    expect(w.ticket()).toMatchObject({ status: 'open', solvedAt: null, version: 3 });
  });

  it('rejects a transition the state machine forbids, visibly', () => {
    const w = world({ status: 'closed' });
    const error = rejection(() => w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'open' }));
    expect(error.code).toBe('stale');
    expect(error.reason).toMatch(/Closed ticket cannot move to Open/);
  });

  it('rejects a stale transition made from a status the ticket no longer has', () => {
    const w = world({ status: 'solved' });
    const error = rejection(() => w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'on_hold', fromStatus: 'open' }));
    expect(error.code).toBe('stale');
    expect(error.reason).toMatch(/now Solved/);
  });

  it('setting the current status again changes nothing (replay-safe)', () => {
    const w = world();
    expect(w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'open' })).toEqual([]);
    expect(w.ticket().statusHistory).toHaveLength(2);
  });
});

describe('the status history records every status change at ctx.now', () => {
  it('appends each change with its time; other edits and refused changes leave it alone', () => {
    const w = world();
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'pending_customer' }); // t0 + 1 s
    w.run('ticket.addTag', { ticketId: ids.ticket, tag: 'waiting' }); // t0 + 2 s
    w.run('ticket.setSeverity', { ticketId: ids.ticket, severity: 2 }); // t0 + 3 s
    rejection(() => w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'on_hold', fromStatus: 'open' })); // t0 + 4 s
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'open' }); // t0 + 5 s
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'solved' }); // t0 + 6 s
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'closed' }); // t0 + 7 s
    expect(w.ticket().statusHistory).toEqual([
      { at: t0, status: 'new' },
      { at: t0, status: 'open' },
      { at: t0 + 1000, status: 'pending_customer' },
      { at: t0 + 5000, status: 'open' },
      { at: t0 + 6000, status: 'solved' },
      { at: t0 + 7000, status: 'closed' },
    ]);
  });

  it('a row stored before the history existed gets its first entry on its next change, without crashing', () => {
    const w = world({ status: 'pending_customer', statusHistory: [] });
    w.run('ticket.setStatus', { ticketId: ids.ticket, status: 'open' });
    expect(w.ticket().statusHistory).toEqual([{ at: t0 + 1000, status: 'open' }]);
    // Rows cached by an older console have no field at all.
    const legacy = world();
    delete (legacy.ticket() as Partial<Ticket>).statusHistory;
    legacy.run('ticket.setStatus', { ticketId: ids.ticket, status: 'on_hold' });
    expect(legacy.ticket().statusHistory).toEqual([{ at: t0 + 1000, status: 'on_hold' }]);
  });

  it('a new ticket starts its history at creation, as new', () => {
    const w = world();
    w.run('ticket.create', { ticketId: ids.newTicket, accountId: ids.account, subject: 'Phone: export fails' });
    expect(w.state.get('ticket', ids.newTicket)?.statusHistory).toEqual([{ at: t0 + 1000, status: 'new' }]);
  });
});

describe('owner changes are compare-and-set on the version the agent saw', () => {
  it('applies when the version matches and bumps it', () => {
    const w = world();
    w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.tier1, expectedVersion: 1 });
    expect(w.ticket()).toMatchObject({ ownerId: ids.tier1, version: 2 });
  });

  it('rejects when someone changed the ticket since, naming the current owner', () => {
    const w = world();
    w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.lead, expectedVersion: 1 }, { id: ids.lead, role: 'lead' });
    const error = rejection(() => w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.tier1, expectedVersion: 1 }));
    expect(error.code).toBe('stale');
    expect(error.reason).toContain('owner is lead');
    expect(w.ticket().ownerId).toBe(ids.lead);
  });

  it('refuses an inactive assignee', () => {
    const w = world();
    const error = rejection(() =>
      w.run('ticket.assign', { ticketId: ids.ticket, assigneeId: ids.inactive, expectedVersion: 1 }, { id: ids.lead, role: 'lead' }),
    );
    expect(error.code).toBe('invalid_args');
  });
});

describe('other scalar fields: last writer wins per field, in server order', () => {
  it('severity and tier are independent fields; the later write of a field wins', () => {
    const w = world();
    const lead = { id: ids.lead, role: 'lead' as const };
    w.run('ticket.setSeverity', { ticketId: ids.ticket, severity: 1 });
    w.run('ticket.setTier', { ticketId: ids.ticket, tier: 3 }, lead);
    w.run('ticket.setSeverity', { ticketId: ids.ticket, severity: 2 }, lead);
    expect(w.ticket()).toMatchObject({ severity: 2, tier: 3 });
  });

  it('a write that changes nothing bumps no version (so it never makes an owner change stale)', () => {
    const w = world();
    expect(w.run('ticket.setSeverity', { ticketId: ids.ticket, severity: 3 })).toEqual([]);
    expect(w.ticket().version).toBe(1);
  });
});

describe('tags are add/remove operations', () => {
  it('concurrent adds and removes of different tags both survive', () => {
    const w = world();
    w.run('ticket.addTag', { ticketId: ids.ticket, tag: 'billing' });
    w.run('ticket.removeTag', { ticketId: ids.ticket, tag: 'vpn' });
    w.run('ticket.addTag', { ticketId: ids.ticket, tag: 'urgent' });
    expect(w.ticket().tags).toEqual(['billing', 'urgent']);
  });

  it('adding a present tag or removing an absent one is a no-op', () => {
    const w = world();
    expect(w.run('ticket.addTag', { ticketId: ids.ticket, tag: 'vpn' })).toEqual([]);
    expect(w.run('ticket.removeTag', { ticketId: ids.ticket, tag: 'nope' })).toEqual([]);
  });
});

describe('collaborators are a set; the team is a routing decision for leads', () => {
  const team = '00000000-0000-4000-8000-00000000000a';

  it('adds and removes collaborators without touching the owner; repeats are no-ops', () => {
    const w = world({ ownerId: ids.tier1 });
    w.run('ticket.addCollaborator', { ticketId: ids.ticket, agentId: ids.lead });
    expect(w.run('ticket.addCollaborator', { ticketId: ids.ticket, agentId: ids.lead })).toEqual([]);
    expect(w.ticket()).toMatchObject({ collaboratorIds: [ids.lead], ownerId: ids.tier1 });
    w.run('ticket.removeCollaborator', { ticketId: ids.ticket, agentId: ids.lead });
    expect(w.run('ticket.removeCollaborator', { ticketId: ids.ticket, agentId: ids.lead })).toEqual([]);
    expect(w.ticket().collaboratorIds).toEqual([]);
  });

  it('refuses an inactive or unknown collaborator', () => {
    const w = world();
    expect(rejection(() => w.run('ticket.addCollaborator', { ticketId: ids.ticket, agentId: ids.inactive })).code).toBe('invalid_args');
    expect(rejection(() => w.run('ticket.addCollaborator', { ticketId: ids.ticket, agentId: ids.newTicket })).code).toBe('not_found');
  });

  it('only leads and admins move a ticket to another team, and only to a team that exists', () => {
    const w = world();
    const lead = { id: ids.lead, role: 'lead' as const };
    w.state.set('team', team, { id: team, name: 'EMEA pod', leadId: ids.lead, tier: 1, version: 1, updatedAt: t0 });
    expect(rejection(() => w.run('ticket.setTeam', { ticketId: ids.ticket, teamId: team })).code).toBe('forbidden');
    expect(rejection(() => w.run('ticket.setTeam', { ticketId: ids.ticket, teamId: ids.newTicket }, lead)).code).toBe('not_found');
    w.run('ticket.setTeam', { ticketId: ids.ticket, teamId: team }, lead);
    expect(w.ticket().teamId).toBe(team);
    w.run('ticket.setTeam', { ticketId: ids.ticket, teamId: null }, lead);
    expect(w.ticket().teamId).toBeNull();
  });
});

describe('messages, notes and packets are append-only with client ids', () => {
  it('a reply appends a public message and stamps lastAgentReplyAt; its replay changes nothing', () => {
    const w = world();
    const changes = w.run('ticket.reply', { ticketId: ids.ticket, messageId: ids.msg, body: 'Restarting the tunnel fixes it.' });
    expect(changes.map((c) => c.entity)).toEqual(['message', 'ticket']);
    expect(w.state.get('message', ids.msg)).toMatchObject({ kind: 'public_reply', authorAgentId: ids.tier1 });
    expect(w.ticket().lastAgentReplyAt).not.toBeNull();
    expect(w.run('ticket.reply', { ticketId: ids.ticket, messageId: ids.msg, body: 'Restarting the tunnel fixes it.' })).toEqual([]);
  });

  it('a note is internal and leaves the ticket row (and version) alone', () => {
    const w = world();
    const changes = w.run('ticket.addNote', { ticketId: ids.ticket, messageId: ids.msg2, body: 'Customer is on 4.2' });
    expect(changes).toHaveLength(1);
    expect(w.state.get('message', ids.msg2)).toMatchObject({ kind: 'internal_note' });
    expect(w.ticket().version).toBe(1);
  });

  it('refuses replies on closed tickets and empty bodies', () => {
    const w = world({ status: 'closed' });
    expect(rejection(() => w.run('ticket.reply', { ticketId: ids.ticket, messageId: ids.msg, body: 'hi' })).code).toBe('stale');
    expect(rejection(() => w.run('ticket.addNote', { ticketId: ids.ticket, messageId: ids.msg, body: '   ' })).code).toBe('invalid_args');
  });

  it('creates a ticket under the client id with the account plan, once', () => {
    const w = world();
    const args = { ticketId: ids.newTicket, accountId: ids.account, subject: 'Phone: login fails', firstMessage: { messageId: ids.msg, body: 'cannot log in' } };
    const changes = w.run('ticket.create', args);
    expect(changes.map((c) => c.entity)).toEqual(['ticket', 'message']);
    expect(w.state.get('ticket', ids.newTicket)).toMatchObject({ number: null, plan: 'business', ownerId: ids.tier1, status: 'new' });
    expect(w.run('ticket.create', args)).toEqual([]);
  });

  it('escalation drafts are saved and submitted along the workflow; a submitted packet cannot be edited', () => {
    const w = world();
    w.run('escalation.saveDraft', { escalationId: ids.esc, ticketId: ids.ticket, toTier: 2, summary: '' });
    expect(rejection(() => w.run('escalation.submit', { escalationId: ids.esc })).code).toBe('invalid_args');
    w.run('escalation.saveDraft', { escalationId: ids.esc, ticketId: ids.ticket, toTier: 2, summary: 'VPN drops every 10 min' });
    expect(w.state.get('escalation', ids.esc)).toMatchObject({ status: 'draft', fromTier: 1, version: 2 });
    w.run('escalation.submit', { escalationId: ids.esc });
    expect(w.state.get('escalation', ids.esc)).toMatchObject({ status: 'submitted' });
    expect(w.run('escalation.submit', { escalationId: ids.esc })).toEqual([]);
    expect(rejection(() => w.run('escalation.saveDraft', { escalationId: ids.esc, ticketId: ids.ticket, toTier: 3 })).code).toBe('stale');
  });
});
