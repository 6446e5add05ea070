import type { AccordDb } from './db';
import { loadSnapshot, SnapshotCutShortError, type LoadedSnapshot } from './loadSnapshot';
import { SnapshotRangeError } from './snapshotItems';
import type { BootstrapWorkerReply, BootstrapWorkerRequest } from './bootstrap.worker';
import { SyncHttpError, SyncNetworkError, type SyncTransport } from './syncTransport';

/** Loads the transport's bootstrap into the cache (see loadSnapshot); network failures throw SyncNetworkError. */
export type SnapshotLoader = (db: AccordDb, transport: SyncTransport) => Promise<LoadedSnapshot>;

/**
 * In the calling thread (Node tests, or where workers are missing), through the cache's snapshotWriter(): the
 * outline and its ranges where the server offers one, else the transport's stream.
 */
export const loadSnapshotInThread: SnapshotLoader = async (db, transport) => {
  const outline = transport.bootstrapOutline ? await transport.bootstrapOutline() : null;
  const source = outline ?? (await transport.bootstrap());
  const writer = db.snapshotWriter();
  try {
    return await loadSnapshot(writer, source);
  } catch (error) {
    if (error instanceof SnapshotCutShortError || error instanceof SnapshotRangeError || error instanceof TypeError) {
      throw new SyncNetworkError(error.message);
    }
    throw error;
  } finally {
    writer.close();
  }
};

/**
 * In a dedicated worker (the browser), which fetches the snapshot itself when the transport can describe the
 * request, else is handed the byte stream: rows never cross threads.
 */
export function workerSnapshotLoader(createWorker: () => Worker): SnapshotLoader {
  return async (db, transport) => {
    const source: BootstrapWorkerRequest['source'] = transport.bootstrapRequest
      ? { request: await transport.bootstrapRequest() }
      : { stream: await transport.bootstrap() };
    return new Promise<LoadedSnapshot>((resolve, reject) => {
      const worker = createWorker();
      const finish = () => worker.terminate();
      worker.onmessage = (event: MessageEvent<BootstrapWorkerReply>) => {
        finish();
        const reply = event.data;
        if (reply.ok) resolve(reply.value);
        else if (reply.http) reject(new SyncHttpError(reply.http.status, reply.http.code, reply.error, reply.http.details));
        else reject(reply.network ? new SyncNetworkError(reply.error) : new Error(reply.error));
      };
      worker.onerror = (event) => {
        finish();
        reject(new Error(`bootstrap worker failed: ${event.message}`));
      };
      const request: BootstrapWorkerRequest = { dbName: db.name, source };
      worker.postMessage(request, 'stream' in source ? [source.stream as unknown as Transferable] : []);
    });
  };
}
