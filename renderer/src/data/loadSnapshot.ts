import { syncEntities, syncEntityNames, type SyncEntity } from '../../../shared/sync/entities';
import { isSegmentedEntity, segmentListSeparator, type BootstrapLine, type LazyTicketDetail } from '../../../shared/sync/protocol';
import type { Table } from 'dexie';
import type { AccordDb } from './db';
import { maxPackedBytesPerWrite, outlineSnapshotItems, parsedLines, streamedSnapshotItems, type SegmentHeader } from './snapshotItems';
import type { SnapshotOutline } from './syncTransport';
import { metaKeys, type BootstrapProgress } from './syncMeta';
import { SnapshotAnnouncer } from './snapshotAnnouncer';
import {
  activeGenerationKey,
  adoptGeneration,
  isSegmented,
  nextGeneration,
  segmentsFor,
  segmentTables,
  segmentKey,
  setActiveGeneration,
  writePackedSegments,
  writeSegments,
  type PackedSegment,
} from './segments';
import { isGrouped, storageTableName, storageTables, wholeGroups } from './ticketGroups';

/** What a loaded snapshot leaves for the engine to finish: the seq to pull from, and the final progress. */
export interface LoadedSnapshot {
  seq: number;
  progress: BootstrapProgress;
}

/** Rows per write: pages are merged up to this, staying under the queue's per-write re-read limit (5,000). */
const maxRowsPerWrite = 4000;
/** Writes queued at IndexedDB at once, so it never waits for the next page to be parsed. */
const writesInFlight = 2;

/** A snapshot that left nothing out (an older server). */
const noLazyDetail: LazyTicketDetail = { message: [], sla_event: [] };

/** The stream ended before its `end` line (the connection dropped). */
export class SnapshotCutShortError extends Error {}

type Batch =
  | { kind: 'rows'; entity: SyncEntity; rows: Array<Record<string, unknown>> }
  | { kind: 'packed'; entity: SyncEntity; segments: PackedSegment[]; rows: number; bytes: number };

const openBracket = 0x5b;
const closeBracket = 0x5d;

/**
 * A segment as the client stores it; refused when the header and the array cannot belong together (bytes are
 * checked for their brackets here; a Blob's size was checked against its range when it arrived).
 */
function packedSegment(header: SegmentHeader, body: Uint8Array | Blob): PackedSegment {
  const ids = header.ids === '' ? 0 : header.ids.split(segmentListSeparator).length;
  const bracketed = body instanceof Uint8Array ? body[0] === openBracket && body[body.length - 1] === closeBracket : body.size === header.bytes;
  if (ids !== header.records || !bracketed) {
    throw new Error(`bootstrap: a ${header.entity} segment does not match its header (${header.records} records, ${ids} ids)`);
  }
  return { ids: header.ids, fields: header.fields, body };
}

/**
 * Writes the snapshot into the cache as it streams in, with progress in `meta`: packed segments (a segmented
 * snapshot, or an outline's ranges) are stored as they arrived, bytes or Blobs, never parsed; `rows` pages are
 * parsed while earlier ones are written and packed here. `source`: the NDJSON stream, or an outline with the
 * fetch of its ranges (snapshotItems.ts). `writer` should be AccordDb.snapshotWriter(): relaxed durability (a
 * snapshot cut short is loaded again: the engine writes the cursor only afterwards), and quiet, as what it wrote is
 * announced from here in fewer steps (snapshotAnnouncer.ts). On a re-bootstrap (the cache already has rows) the
 * rows the new snapshot no longer has are swept at the end. The outbox and the cursor are never touched here.
 * Runs in the bootstrap worker in the browser, or in the engine's thread where there are no workers.
 */
export async function loadSnapshot(writer: AccordDb, source: ReadableStream<Uint8Array> | SnapshotOutline): Promise<LoadedSnapshot> {
  let progress: BootstrapProgress = { state: 'loading', loaded: 0, total: 0, entities: {}, seq: 0 };
  const seen = new Map<SyncEntity, Set<string>>();
  let sweep = false;
  const writes: Array<Promise<void>> = [];
  let batch: Batch | null = null;
  let endSeq: number | null = null;
  /** The snapshot's segment generation (segments.ts) and the next segment number per table. */
  let gen = 0;
  const segmentNumbers = new Map<string, number>();
  const announcer = new SnapshotAnnouncer(writer.name, metaKeys.bootstrap);

  const write = async (written: Batch) => {
    const { entity } = written;
    const count = written.kind === 'rows' ? written.rows.length : written.rows;
    const entityProgress = progress.entities[entity] ?? { loaded: 0, total: 0 };
    progress = {
      ...progress,
      loaded: progress.loaded + count,
      entities: { ...progress.entities, [entity]: { loaded: entityProgress.loaded + count, total: entityProgress.total } },
    };
    const snapshot = progress;
    const tableName = storageTableName(entity);
    const table = writer.table(tableName);
    // A page holds every row of its tickets for the grouped entities, so their groups are written whole.
    const records = written.kind === 'packed' ? [] : isGrouped(entity) ? wholeGroups(entity, written.rows) : written.rows;
    if (writes.length >= writesInFlight) await writes.shift();
    const segmented = isSegmented(tableName);
    const first = segmentNumbers.get(tableName) ?? 0;
    if (segmented) {
      const used = written.kind === 'packed' ? written.segments.length : segmentsFor(tableName, records.length);
      segmentNumbers.set(tableName, first + used);
    }
    const done = writer.transaction('rw', [table, writer.meta, ...segmentTables(writer)], async () => {
      if (written.kind === 'packed' && isSegmented(tableName)) await writePackedSegments(writer, tableName, gen, first, written.segments);
      else if (segmented) await writeSegments(writer, tableName, gen, first, records);
      else await table.bulkPut(records);
      await writer.meta.put({ key: metaKeys.bootstrap, value: snapshot });
    });
    const next = segmentNumbers.get(tableName) ?? 0;
    const announced = segmented
      ? { segments: [{ table: tableName, keys: Array.from({ length: next - first }, (_, i) => segmentKey(gen, tableName, first + i)) }] }
      : { whole: [table] };
    // Awaited in order; a failure surfaces there (and is not reported as unhandled meanwhile).
    done.then(() => announcer.written(announced), () => {});
    writes.push(done);
  };

  const flush = async () => {
    if (!batch) return;
    const written = batch;
    batch = null;
    await write(written);
  };

  /** A packed segment joins the batch (segments of one table in a row are written together). */
  const addSegment = async (header: SegmentHeader, body: Uint8Array | Blob) => {
    // A segment of an entity this client does not pack (a newer server) is skipped, like unknown entities' rows.
    if (!isSegmentedEntity(header.entity) || !isSegmented(storageTableName(header.entity))) return;
    const segment = packedSegment(header, body);
    const bytes = body instanceof Uint8Array ? body.length : body.size;
    if (batch && (batch.kind !== 'packed' || batch.entity !== header.entity || batch.bytes + bytes > maxPackedBytesPerWrite)) await flush();
    if (batch?.kind === 'packed') {
      batch.segments.push(segment);
      batch.rows += header.rows;
      batch.bytes += bytes;
    } else {
      batch = { kind: 'packed', entity: header.entity, segments: [segment], rows: header.rows, bytes };
    }
  };

  const handle = async (message: Exclude<BootstrapLine, SegmentHeader>) => {
    switch (message.type) {
      case 'begin': {
        const entities: BootstrapProgress['entities'] = {};
        let total = 0;
        for (const [entity, count] of Object.entries(message.counts)) {
          entities[entity] = { loaded: 0, total: count };
          total += count;
        }
        progress = { state: 'loading', loaded: 0, total, entities, seq: message.seq };
        sweep = (await writer.tickets.count()) > 0 || (await writer.accounts.count()) > 0 || (await writer.segments.count()) > 0;
        // A ready snapshot may be minutes old, and served twice alike: this device's clock keeps numbers unique.
        gen = await nextGeneration(writer, Math.max(message.serverNow, Date.now()));
        await writer.transaction('rw', [writer.meta, writer.ticketDetails, ...segmentTables(writer)], async () => {
          // A first load shows its segments as they arrive; a reload keeps showing the old ones until its end.
          if (!sweep) await setActiveGeneration(writer, gen);
          await writer.meta.put({ key: metaKeys.bootstrap, value: progress });
          await writer.meta.put({ key: metaKeys.lazyDetail, value: message.lazy ?? noLazyDetail });
          // Details fetched for the old snapshot are swept with it; the new one says what is left out.
          await writer.ticketDetails.clear();
        });
        announcer.written({
          whole: [writer.ticketDetails],
          keys: { meta: [metaKeys.lazyDetail], ...(sweep ? {} : { segmentSummaries: [activeGenerationKey] }) },
        });
        return;
      }
      case 'rows': {
        if (!Object.hasOwn(syncEntities, message.entity)) return;
        if (sweep && !isSegmented(storageTableName(message.entity))) {
          let ids = seen.get(message.entity);
          if (!ids) seen.set(message.entity, (ids = new Set()));
          const key = isGrouped(message.entity) ? 'ticketId' : 'id';
          for (const row of message.rows) ids.add(String(row[key]));
        }
        if (batch && (batch.kind !== 'rows' || batch.entity !== message.entity || batch.rows.length + message.rows.length > maxRowsPerWrite)) {
          await flush();
        }
        if (batch?.kind === 'rows') batch.rows.push(...message.rows);
        else batch = { kind: 'rows', entity: message.entity, rows: message.rows };
        return;
      }
      case 'end':
        await flush();
        endSeq = message.seq;
        return;
      default: {
        const unreachable: never = message;
        throw new Error(`unknown bootstrap line ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const items = source instanceof ReadableStream ? streamedSnapshotItems(source) : outlineSnapshotItems(parsedLines(source.stream), source.fetchRange);
  /** Tables the end of a reload rewrote whole (announced with the rest when the load ends, however it ends). */
  let swept: Table[] = [];
  try {
    try {
      for await (const item of items) {
        if (item.kind === 'segment') await addSegment(item.header, item.body);
        else await handle(item.line);
      }
      while (writes.length > 0) await writes.shift();
    } finally {
      await Promise.allSettled(writes);
    }
    if (endSeq === null) throw new SnapshotCutShortError('the bootstrap stream ended early');
    if (sweep) await sweepReplaced();
  } finally {
    announcer.finished(swept);
  }
  return { seq: endSeq, progress };

  /** A reload's end: the new generation replaces the old, and rows the snapshot no longer has go. */
  async function sweepReplaced(): Promise<void> {
    await writer.transaction('rw', storageTables(writer), async () => {
      await adoptGeneration(writer, gen);
      for (const entity of syncEntityNames) {
        if (isSegmented(storageTableName(entity))) continue;
        const keep = seen.get(entity) ?? new Set<string>();
        const table = writer.table(storageTableName(entity));
        const key = table.schema.primKey.keyPath as string;
        await table.filter((record: Record<string, unknown>) => !keep.has(String(record[key]))).delete();
      }
    });
    swept = storageTables(writer);
  }
}
