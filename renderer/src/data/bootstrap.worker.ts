/// <reference lib="webworker" />
import { AccordDb } from './db';
import { loadSnapshot, SnapshotCutShortError, type LoadedSnapshot } from './loadSnapshot';
import { fetchChecked, SyncHttpError, SyncNetworkError, syncRequestInit, type BootstrapRequest } from './syncTransport';

/**
 * The bootstrap off the main thread: this worker fetches the snapshot itself (or is handed the byte stream),
 * and writes it into the same IndexedDB cache through its own relaxed-durability connection. Fetching here keeps
 * the main thread out of the download: a transferred stream passes every chunk through the window's event loop,
 * which is busy showing the queue as tickets arrive.
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

async function snapshotStream(source: BootstrapWorkerRequest['source']): Promise<ReadableStream<Uint8Array>> {
  if ('stream' in source) return source.stream;
  // The headers carry the transport's token already; the rest of the options are every sync call's.
  const response = await fetchChecked(fetch, source.request.url, syncRequestInit(null, { headers: source.request.headers }));
  if (!response.body) throw new SyncNetworkError('bootstrap answered without a body');
  return response.body;
}

function failure(error: unknown): BootstrapWorkerReply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SyncHttpError) {
    return { ok: false, error: message, network: false, http: { status: error.status, code: error.code, details: error.details } };
  }
  const network = error instanceof SnapshotCutShortError || error instanceof SyncNetworkError || error instanceof TypeError;
  return { ok: false, error: message, network };
}

self.onmessage = (event: MessageEvent<BootstrapWorkerRequest>) => {
  const { dbName, source } = event.data;
  const writer = new AccordDb(dbName, { durability: 'relaxed' });
  const reply = (message: BootstrapWorkerReply) => self.postMessage(message);
  snapshotStream(source)
    .then((stream) => loadSnapshot(writer, stream))
    .then(
      (value) => reply({ ok: true, value }),
      (error: unknown) => reply(failure(error)),
    )
    .finally(() => writer.close());
};
