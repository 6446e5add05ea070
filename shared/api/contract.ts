import { oc } from '@orpc/contract';
import { z } from 'zod';
import { agentSchema } from '../domain/agent';
import { syncRoutes } from './syncRoutes';

/**
 * The one HTTP contract. Paths are relative to the `/api` prefix (the server mounts the handler there and the
 * client prepends it). Inputs are strict objects: unknown fields are a 400, never silently dropped.
 */

export const apiPrefix = '/api';

export const healthResponseSchema = z
  .object({
    status: z.literal('ok'),
    db: z.enum(['sqlite', 'postgres']),
    version: z.string(),
  })
  .strict();
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const loginRequestSchema = z
  .object({
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(1024),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z
  .object({
    /** Opaque bearer token; send as `Authorization: Bearer <token>`. */
    token: z.string().min(1),
    agent: agentSchema,
    /** Epoch ms after which the token is refused (fixed, not sliding). */
    expiresAt: z.number().int().nonnegative(),
  })
  .strict();
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const logoutResponseSchema = z.object({ ok: z.literal(true) }).strict();

const health = oc
  .route({ method: 'GET', path: '/health', summary: 'Liveness and which database is behind the server', tags: ['meta'] })
  .output(healthResponseSchema);

export const authRoutes = {
  login: oc
    .route({ method: 'POST', path: '/auth/login', summary: 'Exchange email and password for a session token', tags: ['auth'] })
    .input(loginRequestSchema)
    .output(loginResponseSchema),
  logout: oc
    .route({ method: 'POST', path: '/auth/logout', summary: 'Revoke the current session', tags: ['auth'] })
    .input(z.object({}).strict().optional())
    .output(logoutResponseSchema),
  me: oc
    .route({ method: 'GET', path: '/auth/me', summary: 'The agent behind the current session', tags: ['auth'] })
    .output(agentSchema),
};

/** Routes served by the oRPC handler (server/routes). */
export const coreContract = { health, auth: authRoutes };

/** Everything, including the sync routes that server/sync serves as plain Fastify routes. */
export const apiContract = { ...coreContract, sync: syncRoutes };
export type ApiContract = typeof apiContract;
