import type { PullQuery } from '../../shared/sync/protocol';
import { lastMutationIdOf } from './applyMutation';
import { headSeq, logHorizon, type SyncDb } from './changeLog';

/** The cursor is older than what the log keeps (trimmed), or from another database: the client re-bootstraps. */
export class CursorExpiredError extends Error {
  constructor(
    readonly cursor: number,
    readonly horizon: number,
  ) {
    super(`cursor ${cursor} is no longer served (the log keeps changes after ${horizon}); bootstrap again`);
  }
}

export interface PullResult {
  /** The response body, already JSON: change rows are stored as JSON text and spliced in without a parse. */
  json: string;
  cursor: number;
  hasMore: boolean;
  count: number;
}

/**
 * Ordered changes after `cursor`. The client's last mutation id is read BEFORE the changes: every mutation it
 * counts has committed, so its changes are in this answer (or a later page) and the client may drop it from its
 * outbox once it has caught up.
 */
export async function pullChanges(db: SyncDb, query: PullQuery, agentId: string, serverNow: number): Promise<PullResult> {
  const lastMutationId = await lastMutationIdOf(db, query.clientId, agentId);
  const horizon = await logHorizon(db);
  if (query.cursor < horizon) throw new CursorExpiredError(query.cursor, horizon);
  const rows = await db
    .selectFrom('change_log')
    .select(['seq', 'entity', 'entityId', 'op', 'row', 'version'])
    .where('seq', '>', query.cursor)
    .orderBy('seq')
    .limit(query.limit + 1)
    .execute();
  if (rows.length === 0 && query.cursor > 0 && query.cursor > (await headSeq(db))) {
    throw new CursorExpiredError(query.cursor, horizon);
  }
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const parts: string[] = new Array(page.length);
  let cursor = query.cursor;
  for (let i = 0; i < page.length; i++) {
    const r = page[i]!;
    const seq = Number(r.seq);
    cursor = seq;
    const row = r.row === null || r.row === undefined ? 'null' : typeof r.row === 'string' ? r.row : JSON.stringify(r.row);
    parts[i] =
      `{"seq":${seq},"entity":${JSON.stringify(r.entity)},"id":${JSON.stringify(r.entityId)},` +
      `"op":${JSON.stringify(r.op)},"row":${row},"version":${Number(r.version)}}`;
  }
  const json =
    `{"changes":[${parts.join(',')}],"cursor":${cursor},"hasMore":${hasMore},` +
    `"lastMutationId":${lastMutationId},"serverNow":${serverNow}}`;
  return { json, cursor, hasMore, count: page.length };
}
