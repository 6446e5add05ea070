import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import { apiErrorBody } from '../../shared/api/errors';
import { syncErrorCodes } from '../../shared/sync/protocol';
import { fileReadBytes, type ReadySnapshots, type SnapshotBody } from './readySnapshot';

/** Both ends included, as in a `Range` header. */
export interface ByteRange {
  first: number;
  last: number;
}

/**
 * The one range of a `Range` header inside `size` bytes, or why it cannot be served. Clients ask for
 * `bytes=first-last` only (shared/sync/protocol.ts), so suffix, open-ended and multi-part ranges are refused.
 */
export function parseByteRange(header: string, size: number): ByteRange | string {
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!match) return header.includes(',') ? 'only one range is served per request' : 'expected one range, bytes=first-last';
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (!Number.isSafeInteger(last) || first > last) return 'the range ends before it starts';
  if (last >= size) return `the range ends beyond the ${size} bytes of the body${size === 0 ? '' : ` (last byte ${size - 1})`}`;
  return { first, last };
}

/**
 * `GET /api/sync/bootstrap/body/:id`: a byte range of a kept snapshot body (206), or with no Range the whole body
 * (200, once its render has ended). 410 when the id is not kept (replaced, failed, another process, or ready
 * snapshots off): the client bootstraps again.
 */
export async function sendSnapshotBody(
  reply: FastifyReply,
  snapshots: ReadySnapshots | null,
  id: string,
  range: string | undefined,
): Promise<FastifyReply> {
  if (range === undefined) {
    const whole = snapshots ? await snapshots.wholeBody(id) : null;
    return whole ? sendBytes(reply, whole, null) : gone(reply);
  }
  const body = snapshots?.body(id);
  if (!body) return gone(reply);
  const parsed = parseByteRange(range, body.size);
  if (typeof parsed === 'string') {
    if (body.complete) reply.header('content-range', `bytes */${body.size}`);
    return reply.code(416).send(apiErrorBody('bad_request', `Cannot serve Range: ${range.slice(0, 100)}: ${parsed}.`));
  }
  return sendBytes(reply, body, parsed);
}

async function sendBytes(reply: FastifyReply, body: SnapshotBody, range: ByteRange | null): Promise<FastifyReply> {
  // Opened before answering: a body deleted meanwhile is a 410, and once open it reads on whatever happens to the name.
  const handle = await openIfPresent(body.file);
  if (!handle) return gone(reply);
  const { first, last } = range ?? { first: 0, last: body.size - 1 };
  const stream = createReadStream(body.file, { fd: handle, start: first, end: last, highWaterMark: fileReadBytes });
  if (range) {
    // The total is unknown while the render still writes the body.
    reply.code(206).header('content-range', `bytes ${first}-${last}/${body.complete ? body.size : '*'}`);
  }
  return reply
    .type('application/octet-stream')
    .header('content-length', last - first + 1)
    .header('cache-control', 'no-store')
    .send(stream);
}

async function openIfPresent(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function gone(reply: FastifyReply): FastifyReply {
  return reply
    .code(410)
    .send(apiErrorBody(syncErrorCodes.snapshotGone, 'This snapshot body is no longer kept (a newer snapshot replaced it): bootstrap again.'));
}
