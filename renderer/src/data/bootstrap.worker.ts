/// <reference lib="webworker" />
import { AccordDb } from './db';
import { loadSnapshot, SnapshotCutShortError, type LoadedSnapshot } from './loadSnapshot';
import { SnapshotRangeError } from './snapshotItems';
import { openRequestedSnapshot, SyncHttpError, SyncNetworkError, type BootstrapRequest } from './syncTransport';

/**
 * The bootstrap off the main thread: this worker fetches the snapshot itself (or is handed the byte stream),
 * and writes it into the same IndexedDB cache through its own relaxed-durability connection. Fetching here keeps
 * the main thread out of the download: a transferred stream passes every chunk through the window's event loop,
 * which is busy showing the queue as tickets arrive. From a server that offers outlines, the segments' bytes are
 * fetched as Blobs and never enter this thread either (syncTransport.ts: openSnapshotOutline).
 */
declare const self: DedicatedWorkerGlobalScope;

export interface BootstrapWorkerRequest {
  dbName: string;
  source: { request: BootstrapRequest } | { stream: ReadableStream<Uint8Array> };
}

export type BootstrapWorkerReply =
  | { ok: true; value: LoadedSnapshot }
  /** `network`: the stream broke (offline) rather than the cache refusing a write; `http`: the server refused. */
  | { ok: false; error: string; network: boolean; http?: { status: number; code: string; details?: unknown } };

async function load(writer: AccordDb, source: BootstrapWorkerRequest['source']): Promise<LoadedSnapshot> {
  return loadSnapshot(writer, 'stream' in source ? source.stream : await openRequestedSnapshot(fetch, source.request));
}

function failure(error: unknown): BootstrapWorkerReply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SyncHttpError) {
    return { ok: false, error: message, network: false, http: { status: error.status, code: error.code, details: error.details } };
  }
  const network =
    error instanceof SnapshotCutShortError || error instanceof SnapshotRangeError || error instanceof SyncNetworkError || error instanceof TypeError;
  return { ok: false, error: message, network };
}

self.onmessage = (event: MessageEvent<BootstrapWorkerRequest>) => {
  const { dbName, source } = event.data;
  // Relaxed and quiet, as AccordDb.snapshotWriter(): loadSnapshot announces its writes itself.
  const writer = new AccordDb(dbName, { durability: 'relaxed', quiet: true });
  const reply = (message: BootstrapWorkerReply) => self.postMessage(message);
  load(writer, source).then(
      (value) => reply({ ok: true, value }),
      (error: unknown) => reply(failure(error)),
    )
    .finally(() => writer.close());
};
