import { z } from 'zod';
import { currencySchema, epochMsSchema, idSchema, localDateSchema, planTierSchema } from './primitives';

export const healthBands = ['green', 'yellow', 'red'] as const;
export const healthBandSchema = z.enum(healthBands);
export type HealthBand = z.infer<typeof healthBandSchema>;

/** One input that moved the health score, so the score can always be explained. */
export const healthComponentSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    /** Points this component adds to (or takes from) the score. */
    impact: z.number(),
    detail: z.string(),
  })
  .strict();

export const onboardingStages = ['kickoff', 'configuration', 'adoption', 'complete'] as const;

export const accountSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(200),
    domain: z.string().max(200),
    plan: planTierSchema,
    /** Annual recurring revenue in minor units of `currency`. */
    arrMinor: z.number().int().nonnegative(),
    currency: currencySchema,
    contractStart: localDateSchema,
    renewalDate: localDateSchema,
    seatsLicensed: z.number().int().nonnegative(),
    seatsActive: z.number().int().nonnegative(),
    region: z.string(),
    timeZone: z.string(),
    ownerId: idSchema.nullable(),
    coverage: z.enum(['dedicated', 'pooled']),
    slaPolicyId: idSchema.nullable(),
    healthScore: z.number().min(0).max(100),
    healthBand: healthBandSchema,
    healthComponents: z.array(healthComponentSchema),
    nps: z.number().int().min(-100).max(100).nullable(),
    csat: z.number().min(0).max(100).nullable(),
    onboardingStage: z.enum(onboardingStages),
    lastQbr: localDateSchema.nullable(),
    nextQbr: localDateSchema.nullable(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Account = z.infer<typeof accountSchema>;

export const contactRoles = ['economic_buyer', 'champion', 'technical_admin', 'end_user'] as const;
export const contactSchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    name: z.string().min(1).max(200),
    email: z.email(),
    title: z.string().max(200),
    role: z.enum(contactRoles),
    phone: z.string().max(64).nullable(),
    version: z.number().int(),
    updatedAt: epochMsSchema,
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;
