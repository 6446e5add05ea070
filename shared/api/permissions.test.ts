import { describe, expect, it } from 'vitest';
import { roles } from '../domain/agent';
import { can, permissions, rolePermissions } from './permissions';

describe('can', () => {
  it('gives admin every permission', () => {
    for (const permission of permissions) expect(can('admin', permission)).toBe(true);
  });

  it('keeps admin-only and lead-only powers away from agents', () => {
    for (const role of ['tier1', 'tier2', 'tier3', 'tam'] as const) {
      expect(can(role, 'sla.admin')).toBe(false);
      expect(can(role, 'team.admin')).toBe(false);
      expect(can(role, 'lead.board')).toBe(false);
      expect(can(role, 'ticket.assign.others')).toBe(false);
    }
    expect(can('lead', 'lead.board')).toBe(true);
    expect(can('lead', 'ticket.assign.others')).toBe(true);
    expect(can('lead', 'sla.admin')).toBe(false);
  });

  it('lets tier 1 escalate but not change tier or accept escalations', () => {
    expect(can('tier1', 'escalation.create')).toBe(true);
    expect(can('tier1', 'ticket.setTier')).toBe(false);
    expect(can('tier1', 'escalation.accept')).toBe(false);
    expect(can('tier2', 'escalation.accept')).toBe(true);
    expect(can('tier3', 'ticket.setTier')).toBe(true);
  });

  it('lets every role work tickets and read accounts', () => {
    for (const role of roles) {
      for (const permission of ['ticket.read', 'ticket.reply', 'ticket.addNote', 'account.read'] as const) {
        expect(can(role, permission)).toBe(true);
      }
    }
  });

  it('refuses unknown permission names instead of throwing', () => {
    for (const role of roles) {
      expect(can(role, 'ticket.delete')).toBe(false);
      expect(can(role, '')).toBe(false);
    }
  });

  it('has a permission set for every role, each a subset of the known permissions', () => {
    for (const role of roles) {
      for (const permission of rolePermissions[role]) expect(permissions).toContain(permission);
    }
  });
});
