import { z } from 'zod';

/** Ids are UUIDs: clients create them for everything an agent makes (tickets, messages, packets). */
export const idSchema = z.uuid();
/** Epoch milliseconds; every timestamp in Accord is one of these. */
export const epochMsSchema = z.number().int().nonnegative();
/** A local calendar date "YYYY-MM-DD". */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const planTiers = ['enterprise', 'business', 'starter'] as const;
export const planTierSchema = z.enum(planTiers);
export type PlanTier = z.infer<typeof planTierSchema>;

export const severities = [1, 2, 3, 4] as const;
export const severitySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type Severity = z.infer<typeof severitySchema>;

export const tiers = [1, 2, 3] as const;
export const tierSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Tier = z.infer<typeof tierSchema>;

export const channels = ['email', 'chat', 'phone', 'portal', 'api', 'slack'] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_.:-]+$/u, 'tags are single words: letters, digits, _ . : -');

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code');

/** Money in minor units avoids float drift in contract values and credits. */
export const moneySchema = z.object({ amountMinor: z.number().int().nonnegative(), currency: currencySchema }).strict();
export type Money = z.infer<typeof moneySchema>;
