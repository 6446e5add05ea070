import { snapshotBodyPathPrefix, type BootstrapLine } from '../../../shared/sync/protocol';
import { ndjsonByteLines, ndjsonLines } from './ndjsonLines';

/**
 * What a bootstrap delivers, in order, whatever its wire format: its lines, and each packed segment with its
 * header. A segment's body is its JSON array as bytes (the `segments` stream) or as a Blob (an outline's ranges).
 */
export type SegmentHeader = Extract<BootstrapLine, { type: 'segment' }>;
export type SnapshotItem =
  | { kind: 'line'; line: Exclude<BootstrapLine, SegmentHeader> }
  | { kind: 'segment'; header: SegmentHeader; body: Uint8Array | Blob };

/**
 * The items of an NDJSON snapshot stream (`rows` or `segments` format): a segment header's next line is the
 * segment itself, kept as its bytes and never decoded here.
 */
export async function* streamedSnapshotItems(stream: ReadableStream<Uint8Array>): AsyncGenerator<SnapshotItem> {
  const decoder = new TextDecoder();
  let header: SegmentHeader | null = null;
  for await (const bytes of ndjsonByteLines(stream)) {
    if (header) {
      yield { kind: 'segment', header, body: bytes };
      header = null;
      continue;
    }
    const line = JSON.parse(decoder.decode(bytes)) as BootstrapLine;
    if (line.type === 'segment') header = line;
    else yield { kind: 'line', line };
  }
}

/** A range of the body arrived short (the connection dropped): like a stream cut short, bootstrap again. */
export class SnapshotRangeError extends Error {}

/** Fetches bytes `first`..`last` (inclusive) of a snapshot body as a Blob of exactly that size. */
export type FetchBodyRange = (bodyPath: string, first: number, last: number) => Promise<Blob>;

/**
 * Bytes of packed segments per IndexedDB write, and per range request of an outline (one write each): a dozen
 * writes for the large demo set. Chromium's IndexedDB pays per transaction too: with 32 MB writes the large set's
 * first sync took 3.3–4.3 s here, with 8 MB ones 4.4 s (16 MB: 4.5 s; 64 MB: no better than 32).
 */
export const maxPackedBytesPerWrite = 32_000_000;
/** Range requests running ahead of the writes, so the cache never waits on the network. */
export const rangesAhead = 3;

/** A snapshot outline's header carries where its array lies in the body. */
function placed(header: SegmentHeader): header is SegmentHeader & { at: number; bytes: number } {
  return typeof header.at === 'number' && typeof header.bytes === 'number';
}

/**
 * The items of a snapshot outline (`format=outline`): its lines as they come, and each segment's array fetched
 * as a Blob slice of a byte range of the body, consecutive segments of one entity in one range. The bytes then
 * go from the network to IndexedDB without passing through this thread (see shared/sync/protocol.ts).
 *
 * The outline is read on its own, ahead of the consumer: range requests start as soon as their headers are in,
 * while the consumer is still busy with the snapshot's first lines (its small tables), and at most
 * `rangesAhead` ranges wait to be consumed.
 */
export async function* outlineSnapshotItems(lines: AsyncIterable<BootstrapLine>, fetchRange: FetchBodyRange): AsyncGenerator<SnapshotItem> {
  /** Items in stream order; a range's segments resolve when its bytes have arrived. */
  const queue: Array<{ items: Promise<SnapshotItem[]>; range: boolean }> = [];
  let rangesQueued = 0;
  let reading = true;
  let stopped = false;
  // Set by the reader (in a closure TypeScript does not follow).
  let failure = null as { error: unknown } | null;
  let wakeConsumer: (() => void) | null = null;
  let wakeReader: (() => void) | null = null;
  const wakeUpConsumer = () => {
    const resume = wakeConsumer;
    wakeConsumer = null;
    resume?.();
  };
  const wakeUpReader = () => {
    const resume = wakeReader;
    wakeReader = null;
    resume?.();
  };

  const reader = (async () => {
    let body: string | null = null;
    let group: Array<SegmentHeader & { at: number; bytes: number }> = [];
    const fetchGroup = () => {
      if (group.length === 0) return;
      const headers = group;
      group = [];
      if (body === null) throw new Error('bootstrap outline: a segment came before the begin line named the body');
      const first = headers[0]!.at;
      const last = headers[headers.length - 1]!;
      const size = last.at + last.bytes - first;
      const items = fetchRange(body, first, last.at + last.bytes - 1).then((blob) => {
        if (blob.size !== size) throw new SnapshotRangeError(`bootstrap: a range of the snapshot body came with ${blob.size} of its ${size} bytes`);
        return headers.map((header): SnapshotItem => ({ kind: 'segment', header, body: blob.slice(header.at - first, header.at - first + header.bytes) }));
      });
      // Awaited in order by the consumer; meanwhile a failure is not an unhandled rejection.
      items.catch(() => {});
      queue.push({ items, range: true });
      rangesQueued += 1;
      wakeUpConsumer();
    };
    try {
      for await (const line of lines) {
        if (stopped) break;
        if (line.type === 'segment') {
          if (!placed(line)) throw new Error(`bootstrap outline: a ${line.entity} segment does not say where its bytes are`);
          // The body holds each header line before its array: a range spans those too, and they are skipped.
          const previous = group[group.length - 1];
          if (previous && line.at <= previous.at + previous.bytes) throw new Error('bootstrap outline: segments overlap or go backwards');
          if (previous && (previous.entity !== line.entity || line.at + line.bytes - group[0]!.at > maxPackedBytesPerWrite)) fetchGroup();
          group.push(line);
        } else {
          if (line.type === 'begin') {
            if (!line.body?.startsWith(snapshotBodyPathPrefix)) throw new Error('bootstrap outline: the begin line names no body');
            body = line.body;
          }
          fetchGroup();
          queue.push({ items: Promise.resolve([{ kind: 'line', line }]), range: false });
          wakeUpConsumer();
        }
        while (rangesQueued >= rangesAhead && !stopped) await new Promise<void>((resume) => (wakeReader = resume));
      }
      fetchGroup();
    } catch (error) {
      failure = { error };
    } finally {
      reading = false;
      wakeUpConsumer();
    }
  })();

  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (next.range) {
          rangesQueued -= 1;
          wakeUpReader();
        }
        yield* await next.items;
        continue;
      }
      if (failure) throw failure.error;
      if (!reading) return;
      await new Promise<void>((resume) => (wakeConsumer = resume));
    }
  } finally {
    // The consumer stopped (done, or failed): the reader lets go of the outline at its next line. Not awaited:
    // an outline still streaming would hold up the consumer's error until that line came.
    stopped = true;
    wakeUpReader();
    void reader;
  }
}

/** The lines of an NDJSON stream, parsed (an outline: small header lines only). */
export async function* parsedLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<BootstrapLine> {
  for await (const text of ndjsonLines(stream)) yield JSON.parse(text) as BootstrapLine;
}
