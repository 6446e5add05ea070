import { z } from 'zod';
import { canTransitionEscalation, idSchema, localDateSchema, tierSchema, type EscalationPacket } from '../../domain';
import { insertRow, patchRow, requireRow } from './rowChanges';
import { defineMutator, MutationRejected } from './types';

/** The editable evidence of a packet; every field is optional so a draft can be saved half-written. */
const draftFields = z.object({
  toTier: tierSchema,
  summary: z.string().max(2000).default(''),
  logs: z.string().max(100_000).default(''),
  reproductionSteps: z.string().max(20_000).default(''),
  environment: z
    .object({
      productVersion: z.string().max(100).default(''),
      platform: z.string().max(200).default(''),
      integrations: z.array(z.string().max(100)).default([]),
      region: z.string().max(100).default(''),
    })
    .default({ productVersion: '', platform: '', integrations: [], region: '' }),
  alreadyTried: z.string().max(20_000).default(''),
  impact: z
    .object({
      usersAffected: z.number().int().nonnegative().nullable().default(null),
      businessImpact: z.string().max(5000).default(''),
      arrAtStakeMinor: z.number().int().nonnegative().nullable().default(null),
      renewalDate: localDateSchema.nullable().default(null),
    })
    .default({ usersAffected: null, businessImpact: '', arrAtStakeMinor: null, renewalDate: null }),
});

/**
 * Saves an escalation draft (creates it under the client's id, or replaces the draft's evidence: the last save wins).
 * Packets are workflow documents; their evidence rules come with the escalation issue — this is the plumbing.
 */
export const escalationSaveDraft = defineMutator({
  name: 'escalation.saveDraft',
  args: draftFields.extend({ escalationId: idSchema, ticketId: idSchema }),
  permission: () => 'escalation.create',
  reads: (args) => [
    { entity: 'escalation', id: args.escalationId },
    { entity: 'ticket', id: args.ticketId },
  ],
  apply(state, args, ctx) {
    const ticket = requireRow(state, 'ticket', args.ticketId);
    const { escalationId, ticketId, ...evidence } = args;
    const existing = state.get('escalation', escalationId);
    if (!existing) {
      const packet: EscalationPacket = {
        id: escalationId,
        ticketId,
        fromTier: ticket.tier,
        ...evidence,
        status: 'draft',
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
        submittedAt: null,
        decidedBy: null,
        decidedAt: null,
        returnReason: null,
        version: 1,
        updatedAt: ctx.now,
      };
      return { changes: [insertRow('escalation', packet)] };
    }
    if (existing.ticketId !== ticketId) throw new MutationRejected('invalid_args', 'the packet belongs to another ticket');
    if (existing.status !== 'draft' && existing.status !== 'returned') {
      throw new MutationRejected('stale', `the packet is already ${existing.status}; it can no longer be edited`);
    }
    return { changes: patchRow('escalation', existing, evidence, ctx) };
  },
});

export const escalationSubmit = defineMutator({
  name: 'escalation.submit',
  args: z.object({ escalationId: idSchema }),
  permission: () => 'escalation.create',
  reads: (args) => [{ entity: 'escalation', id: args.escalationId }],
  apply(state, args, ctx) {
    const packet = requireRow(state, 'escalation', args.escalationId);
    if (packet.status === 'submitted') return { changes: [] };
    if (!canTransitionEscalation(packet.status, 'submitted')) {
      throw new MutationRejected('stale', `a packet that is ${packet.status} cannot be submitted`);
    }
    if (packet.summary.trim() === '') throw new MutationRejected('invalid_args', 'an escalation needs at least a summary');
    return { changes: patchRow('escalation', packet, { status: 'submitted', submittedAt: ctx.now, returnReason: null }, ctx) };
  },
});
