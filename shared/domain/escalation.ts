import { z } from 'zod';
import { epochMsSchema, idSchema, localDateSchema, tierSchema } from './primitives';

export const escalationStatuses = ['draft', 'submitted', 'accepted', 'returned'] as const;
export const escalationStatusSchema = z.enum(escalationStatuses);
export type EscalationStatus = z.infer<typeof escalationStatusSchema>;

/** The evidence that moves a ticket from one tier to the next (DOMAIN.md, "Escalate with evidence"). */
export const escalationPacketSchema = z
  .object({
    id: idSchema,
    ticketId: idSchema,
    fromTier: tierSchema,
    toTier: tierSchema,
    status: escalationStatusSchema,
    summary: z.string().max(2000),
    logs: z.string().max(100_000),
    reproductionSteps: z.string().max(20_000),
    environment: z
      .object({
        productVersion: z.string().max(100),
        platform: z.string().max(200),
        integrations: z.array(z.string().max(100)),
        region: z.string().max(100),
      })
      .strict(),
    alreadyTried: z.string().max(20_000),
    impact: z
      .object({
        usersAffected: z.number().int().nonnegative().nullable(),
        businessImpact: z.string().max(5000),
        arrAtStakeMinor: z.number().int().nonnegative().nullable(),
        renewalDate: localDateSchema.nullable(),
      })
      .strict(),
    createdBy: idSchema,
    createdAt: epochMsSchema,
    submittedAt: epochMsSchema.nullable(),
    decidedBy: idSchema.nullable(),
    decidedAt: epochMsSchema.nullable(),
    returnReason: z.string().max(5000).nullable(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type EscalationPacket = z.infer<typeof escalationPacketSchema>;

/** The escalation workflow as a transition table: returned packets are amended and re-submitted. */
export const escalationTransitions: Readonly<Record<EscalationStatus, readonly EscalationStatus[]>> = {
  draft: ['submitted'],
  submitted: ['accepted', 'returned'],
  returned: ['submitted'],
  accepted: [],
};

export function canTransitionEscalation(from: EscalationStatus, to: EscalationStatus): boolean {
  return escalationTransitions[from].includes(to);
}
