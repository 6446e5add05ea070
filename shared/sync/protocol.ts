import { z } from 'zod';
import { syncEntities, type SyncEntity } from './entities';

/**
 * The wire protocol between the sync client (renderer/src/data) and the server (server/sync).
 * HTTP surface: ARCHITECTURE.md "HTTP surface"; every shape here is validated on both ends.
 */

export const syncEntitySchema = z.enum(Object.keys(syncEntities) as [SyncEntity, ...SyncEntity[]]);

/** A stored row as it travels: the domain row of its entity (validated by the domain schema where it is used). */
export const syncRowSchema = z.record(z.string(), z.unknown());
export type SyncRow = Record<string, unknown>;

/** One committed change from the server's change log, in commit order. */
export const changeSchema = z.object({
  seq: z.number().int().positive(),
  entity: syncEntitySchema,
  id: z.string(),
  op: z.enum(['put', 'delete']),
  /** The whole row after the change; null for deletes. */
  row: syncRowSchema.nullable(),
  version: z.number().int(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(10_000).default(1000),
  clientId: z.string().min(1).max(100).optional(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Pass back as `cursor` on the next pull; the seq of the last change served (or the same cursor). */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** Highest mutation id of this client that the server has applied or rejected (0 when none). */
  lastMutationId: z.number().int().nonnegative(),
  serverNow: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// Requests are strict: an unknown field is a client bug or a probe, refused with 400 rather than ignored.
export const mutationSchema = z.strictObject({
  /** Consecutive per client, starting at 1. */
  id: z.number().int().positive(),
  name: z.string().min(1).max(100),
  args: z.unknown(),
  clientTime: z.number().int().nonnegative(),
  /** The client made this change while offline (also inferred by the server when clientTime is much older). */
  offline: z.boolean().optional(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.strictObject({
  clientId: z.string().min(1).max(100),
  mutations: z.array(mutationSchema).max(1000),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const rejectionCodes = ['forbidden', 'invalid_args', 'unknown_mutation', 'not_found', 'stale', 'conflict'] as const;
export const rejectionCodeSchema = z.enum(rejectionCodes);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

export const mutationOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ id: z.number().int(), status: z.literal('applied') }),
  z.object({ id: z.number().int(), status: z.literal('rejected'), code: rejectionCodeSchema, reason: z.string() }),
  /** Already applied (or rejected) earlier: a retried push is harmless. */
  z.object({ id: z.number().int(), status: z.literal('skipped') }),
]);
export type MutationOutcome = z.infer<typeof mutationOutcomeSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationOutcomeSchema),
  lastMutationId: z.number().int().nonnegative(),
  serverNow: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Sorted, disjoint `[from, to]` ranges of ticket numbers (both ends included); see shared/sync/ticketRanges. */
export const ticketNumberRangesSchema = z.array(z.tuple([z.number().int(), z.number().int()]));

/**
 * Tickets whose rows of an entity the bootstrap left out (wholly or partly), by ticket number: they load lazily
 * when the ticket is opened (`GET /api/sync/ticket-detail`). Messages of tickets closed more than 90 days ago;
 * SLA events of solved and closed tickets beyond the recent breaches and fulfilments the lead board and the
 * account's quarter read.
 */
export const lazyTicketDetailSchema = z.object({
  message: ticketNumberRangesSchema,
  sla_event: ticketNumberRangesSchema,
});
export type LazyTicketDetail = z.infer<typeof lazyTicketDetailSchema>;

/**
 * Entities whose bootstrap `rows` lines hold every row (in scope) of each ticket they name, tickets in id order:
 * a ticket's messages or SLA events never straddle two lines, so a client may store them per ticket as they come.
 */
export const bootstrapRowsWholePerTicket = ['message', 'sla_event'] as const satisfies readonly SyncEntity[];

/**
 * How the bulky entities are packed in a segmented snapshot (`GET /api/sync/bootstrap?format=segments`). The
 * client stores each segment as one IndexedDB record, byte for byte as it arrived (renderer/src/data/segments.ts):
 * IndexedDB costs per record and per value it has to clone, so a snapshot the server has already packed is written
 * without being parsed at all.
 *
 * A segment's records are the entity's rows (in id order), or for a grouped entity one record per ticket,
 * `{"ticketId":…,"<group>":[rows in time order, ties by id]}`, tickets in id order. `key` is the record's
 * primary key; `fields` are the fields readers look rows up by, whose distinct values the segment header lists.
 */
export const segmentLayouts = {
  account: { table: 'accounts', recordsPerSegment: 500, key: 'id', fields: [] },
  ticket: { table: 'tickets', recordsPerSegment: 400, key: 'id', fields: ['accountId', 'status', 'ownerId'] },
  contact: { table: 'contacts', recordsPerSegment: 800, key: 'id', fields: ['accountId'] },
  escalation: { table: 'escalations', recordsPerSegment: 100, key: 'id', fields: ['ticketId'] },
  message: { table: 'threads', recordsPerSegment: 100, key: 'ticketId', fields: [], group: 'messages' },
  sla_event: { table: 'slaHistories', recordsPerSegment: 400, key: 'ticketId', fields: [], group: 'events' },
} as const satisfies Partial<
  Record<SyncEntity, { table: string; recordsPerSegment: number; key: string; fields: readonly string[]; group?: string }>
>;
export type SegmentedEntity = keyof typeof segmentLayouts;

export function isSegmentedEntity(entity: string): entity is SegmentedEntity {
  return Object.hasOwn(segmentLayouts, entity);
}

/** The query value of `format` that asks the bootstrap for segment lines (older clients get `rows` lines only). */
export const segmentedBootstrapFormat = 'segments';

/**
 * The query value of `format` that asks for the segmented snapshot's outline: its lines without the segment
 * arrays. The `begin` line names the snapshot's `body` (a path on the server: the whole segmented NDJSON as bytes)
 * and each `segment` header says where its array lies in it (`at`, `bytes`). The client fetches the arrays as byte
 * ranges of the body and stores them as Blobs: in a browser, bytes fetched as a Blob go from the network to
 * IndexedDB inside the browser process, never through the page's JavaScript. A server that keeps no snapshot
 * files (ACCORD_READY_SNAPSHOT=off) or predates outlines answers 400; the client then asks for `segments`.
 */
export const outlineBootstrapFormat = 'outline';

/** The path of a snapshot body: `GET` with one `Range: bytes=first-last` (inclusive) answers 206 with those bytes. */
export const snapshotBodyPathPrefix = '/api/sync/bootstrap/body/';

/** Joins a segment header's ids and field values (they never hold a newline: UUIDs and enum values). */
export const segmentListSeparator = '\n';

/** A lookup field's value as a segment header lists it: null (or absent) as the empty string. */
export function segmentFieldValue(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A header's list of a field's distinct values, in the order they first come (server and client list alike). */
export function distinctSegmentList(values: Iterable<string>): string {
  return [...new Set(values)].join(segmentListSeparator);
}

/**
 * Bootstrap: NDJSON, one of these per line. Rows are valid at `seq`; the client then pulls from `seq`.
 *
 * A `segment` line is a header: the line after it is the segment itself, a JSON array of `records` records (see
 * segmentLayouts) holding `rows` of the entity's rows. `ids` are the records' keys in order and each of `fields`
 * the distinct values of that field (null as the empty string), joined by segmentListSeparator. A segment never
 * holds part of a ticket's messages or SLA events.
 */
export const bootstrapLineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('begin'),
    seq: z.number().int().nonnegative(),
    counts: z.record(z.string(), z.number().int().nonnegative()),
    serverNow: z.number().int().nonnegative(),
    /** Absent: the snapshot is complete. */
    lazy: lazyTicketDetailSchema.optional(),
    /** An outline's body: the path to fetch the segment arrays from (outlineBootstrapFormat). */
    body: z.string().startsWith(snapshotBodyPathPrefix).optional(),
  }),
  z.object({ type: z.literal('rows'), entity: syncEntitySchema, rows: z.array(syncRowSchema) }),
  z.object({
    type: z.literal('segment'),
    entity: syncEntitySchema,
    rows: z.number().int().nonnegative(),
    records: z.number().int().positive(),
    ids: z.string(),
    fields: z.record(z.string(), z.string()),
    /** An outline's segment: its array is `bytes` bytes at offset `at` of the body (no array line follows). */
    at: z.number().int().nonnegative().optional(),
    bytes: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('end'), seq: z.number().int().nonnegative() }),
]);
export type BootstrapLine = z.infer<typeof bootstrapLineSchema>;

/** `GET /api/sync/ticket-detail?ticketId=`: a ticket's whole thread and SLA history, for tickets the bootstrap left partial. */
export const ticketDetailQuerySchema = z.object({ ticketId: z.string().min(1).max(100) });
export type TicketDetailQuery = z.infer<typeof ticketDetailQuerySchema>;

export const ticketDetailResponseSchema = z.object({
  ticketId: z.string(),
  messages: z.array(syncRowSchema),
  slaEvents: z.array(syncRowSchema),
  serverNow: z.number().int().nonnegative(),
});
export type TicketDetailResponse = z.infer<typeof ticketDetailResponseSchema>;

/** WebSocket message from `GET /api/sync/live`: something committed at or before `seq`; pull. */
export const pokeSchema = z.object({
  type: z.literal('poke'),
  seq: z.number().int().nonnegative(),
  serverNow: z.number().int().nonnegative(),
});
export type Poke = z.infer<typeof pokeSchema>;

/**
 * Error codes of the sync routes, carried in the one error shape of shared/api/errors.ts:
 * `{ error: { code, message, details? } }`.
 */
export const syncErrorCodes = {
  /** 410: the cursor is older than what the change log keeps: re-bootstrap (keep the outbox). */
  cursorExpired: 'sync_cursor_expired',
  /** 409: the first pushed id is beyond lastMutationId + 1; `details.lastMutationId` says where to resume. */
  mutationGap: 'sync_mutation_gap',
  /** 403: the client id is registered to another agent. */
  clientMismatch: 'sync_client_mismatch',
  /** 410: the snapshot body asked for is no longer kept (a newer one replaced it): bootstrap again. */
  snapshotGone: 'sync_snapshot_gone',
} as const;
