import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../shared/domain';
import { shareTicketStrings } from './shareTicketStrings';

function ticket(p: Partial<Ticket> = {}): Ticket {
  return {
    id: '00000000-0000-4000-8000-200000000001',
    number: 1,
    subject: 'SSO login loops',
    accountId: '00000000-0000-4000-8000-100000000001',
    requesterId: null,
    channel: 'email',
    status: 'open',
    severity: 2,
    tier: 1,
    ownerId: '00000000-0000-4000-8000-000000000001',
    collaboratorIds: [],
    teamId: null,
    tags: ['sso', 'okta'],
    incidentId: null,
    plan: 'enterprise',
    createdAt: 1,
    updatedAt: 2,
    solvedAt: null,
    lastCustomerMessageAt: null,
    lastAgentReplyAt: null,
    statusHistory: [],
    awaitingReplySince: null,
    version: 3,
    ...p,
  };
}

describe('shareTicketStrings', () => {
  it('keeps the ticket the same object and equal in every field', () => {
    const t = ticket();
    const before = structuredClone(t);
    shareTicketStrings(t);
    expect(t).toEqual(before);
  });

  it('gives every ticket without tags one shared, frozen empty list', () => {
    const a = ticket({ tags: [] });
    const b = ticket({ tags: [] });
    shareTicketStrings(a);
    shareTicketStrings(b);
    expect(a.tags).toBe(b.tags);
    expect(a.collaboratorIds).toBe(b.tags);
    expect(() => a.tags.push('x')).toThrow();
  });

  it('leaves frozen tickets alone', () => {
    const tags: string[] = [];
    const t = Object.freeze(ticket({ tags }));
    shareTicketStrings(t);
    expect(t.tags).toBe(tags);
  });
});
