import type { AccordDb } from './db';
import { loadSnapshot, SnapshotCutShortError, type LoadedSnapshot } from './loadSnapshot';
import type { BootstrapWorkerReply, BootstrapWorkerRequest } from './bootstrap.worker';
import { SyncNetworkError } from './syncTransport';

/** Loads a bootstrap stream into the cache (see loadSnapshot); network failures throw SyncNetworkError. */
export type SnapshotLoader = (db: AccordDb, stream: ReadableStream<Uint8Array>) => Promise<LoadedSnapshot>;

/** In the calling thread, through a relaxed-durability twin of the cache (Node tests, or where workers are missing). */
export const loadSnapshotInThread: SnapshotLoader = async (db, stream) => {
  const writer = db.relaxedTwin();
  try {
    return await loadSnapshot(writer, stream);
  } catch (error) {
    if (error instanceof SnapshotCutShortError || error instanceof TypeError) throw new SyncNetworkError(error.message);
    throw error;
  } finally {
    writer.close();
  }
};

/** In a dedicated worker (the browser): the byte stream is transferred to it, rows never cross threads. */
export function workerSnapshotLoader(createWorker: () => Worker): SnapshotLoader {
  return (db, stream) =>
    new Promise<LoadedSnapshot>((resolve, reject) => {
      const worker = createWorker();
      const finish = () => worker.terminate();
      worker.onmessage = (event: MessageEvent<BootstrapWorkerReply>) => {
        finish();
        const reply = event.data;
        if (reply.ok) resolve(reply.value);
        else reject(reply.network ? new SyncNetworkError(reply.error) : new Error(reply.error));
      };
      worker.onerror = (event) => {
        finish();
        reject(new Error(`bootstrap worker failed: ${event.message}`));
      };
      const request: BootstrapWorkerRequest = { dbName: db.name, stream };
      worker.postMessage(request, [stream as unknown as Transferable]);
    });
}
