import { z } from 'zod';
import { epochMsSchema, idSchema, tierSchema } from './primitives';

export const roles = ['tier1', 'tier2', 'tier3', 'tam', 'lead', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const teamSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(120),
    leadId: idSchema.nullable(),
    tier: tierSchema.nullable(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Team = z.infer<typeof teamSchema>;

export const agentSchema = z
  .object({
    id: idSchema,
    email: z.email(),
    name: z.string().min(1).max(120),
    role: roleSchema,
    teamId: idSchema.nullable(),
    /** IANA time zone of the agent; countdowns show due moments in it. */
    timeZone: z.string().min(1),
    /** Local working shift "HH:MM"-"HH:MM", for "breaches in your shift". */
    shiftStart: z.string().regex(/^\d{2}:\d{2}$/),
    shiftEnd: z.string().regex(/^\d{2}:\d{2}$/),
    active: z.boolean(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Agent = z.infer<typeof agentSchema>;

/** The tier an agent works, derived from the role (TAM, lead and admin see all tiers). */
export function agentTier(role: Role): 1 | 2 | 3 | null {
  switch (role) {
    case 'tier1':
      return 1;
    case 'tier2':
      return 2;
    case 'tier3':
      return 3;
    case 'tam':
    case 'lead':
    case 'admin':
      return null;
    default: {
      const unreachable: never = role;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}
