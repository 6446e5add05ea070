import type { Role } from '../domain/agent';

/**
 * What each role may do. The server checks these on every route and inside every mutation; the renderer uses
 * the same table only to hide what would be refused anyway.
 */
export const permissions = [
  'ticket.read',
  'ticket.create',
  'ticket.reply',
  'ticket.addNote',
  'ticket.setStatus',
  'ticket.setSeverity',
  /** Direct tier changes; tier 1 moves a ticket up only through an escalation packet with evidence. */
  'ticket.setTier',
  'ticket.tag',
  'ticket.assign.self',
  'ticket.assign.others',
  'escalation.create',
  'escalation.accept',
  'account.read',
  'account.edit',
  'incident.manage',
  'kb.edit',
  'macro.admin',
  'lead.board',
  'sla.admin',
  'team.admin',
] as const;
export type Permission = (typeof permissions)[number];

const agentWork: readonly Permission[] = [
  'ticket.read',
  'ticket.create',
  'ticket.reply',
  'ticket.addNote',
  'ticket.setStatus',
  'ticket.setSeverity',
  'ticket.tag',
  'ticket.assign.self',
  'escalation.create',
  'account.read',
];
const specialistWork: readonly Permission[] = [...agentWork, 'ticket.setTier', 'escalation.accept', 'incident.manage', 'kb.edit'];

export const rolePermissions: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  tier1: new Set(agentWork),
  tier2: new Set(specialistWork),
  tier3: new Set(specialistWork),
  tam: new Set<Permission>([...agentWork, 'account.edit']),
  lead: new Set<Permission>([...specialistWork, 'ticket.assign.others', 'account.edit', 'macro.admin', 'lead.board']),
  admin: new Set<Permission>(permissions),
};

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

/** Unknown permission names are refused rather than thrown: a typo must never grant access. */
export function can(role: Role, permission: Permission | string): boolean {
  return isPermission(permission) && rolePermissions[role].has(permission);
}
