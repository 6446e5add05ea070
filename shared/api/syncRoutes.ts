import { oc } from '@orpc/contract';
import {
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  ticketDetailQuerySchema,
  ticketDetailResponseSchema,
} from '../sync/protocol';

/**
 * Contract entries of the sync routes (ARCHITECTURE.md "HTTP surface"), merged into the API contract so that
 * they appear in /api/openapi.json and the typed client. They are SERVED by `registerSyncRoutes` in
 * server/sync (plain Fastify: pull must be fast, bootstrap streams NDJSON, live is a WebSocket), so the oRPC
 * router must not implement them a second time. Paths are relative to the `/api` prefix.
 */
export const syncRoutes = {
  pull: oc
    .route({ method: 'GET', path: '/sync/pull', summary: 'Ordered changes after a cursor', tags: ['sync'] })
    .input(pullQuerySchema)
    .output(pullResponseSchema),
  push: oc
    .route({ method: 'POST', path: '/sync/push', summary: 'Apply mutations exactly once', tags: ['sync'] })
    .input(pushRequestSchema)
    .output(pushResponseSchema),
  ticketDetail: oc
    .route({
      method: 'GET',
      path: '/sync/ticket-detail',
      summary: "A ticket's whole thread and SLA history, for tickets the bootstrap left to load on open",
      tags: ['sync'],
    })
    .input(ticketDetailQuerySchema)
    .output(ticketDetailResponseSchema),
};
