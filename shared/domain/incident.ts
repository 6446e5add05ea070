import { z } from 'zod';
import { epochMsSchema, idSchema, severitySchema } from './primitives';

export const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export const incidentUpdateSchema = z
  .object({
    at: epochMsSchema,
    audience: z.enum(['internal', 'public']),
    body: z.string().max(10_000),
    authorId: idSchema,
  })
  .strict();

export const incidentSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1).max(300),
    severity: severitySchema,
    status: z.enum(incidentStatuses),
    commanderId: idSchema.nullable(),
    affectedAccountIds: z.array(idSchema),
    updateCadenceMin: z.number().int().positive(),
    timeline: z.array(incidentUpdateSchema),
    rootCauseSummary: z.string().max(20_000).nullable(),
    startedAt: epochMsSchema,
    acknowledgedAt: epochMsSchema.nullable(),
    mitigatedAt: epochMsSchema.nullable(),
    resolvedAt: epochMsSchema.nullable(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Incident = z.infer<typeof incidentSchema>;
