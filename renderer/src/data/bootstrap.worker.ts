/// <reference lib="webworker" />
import { AccordDb } from './db';
import { loadSnapshot, SnapshotCutShortError, type LoadedSnapshot } from './loadSnapshot';

/**
 * The bootstrap off the main thread: the engine transfers the snapshot's byte stream here, and this worker parses
 * it and writes it into the same IndexedDB cache through its own relaxed-durability connection, so the queue
 * re-rendering on the main thread as tickets arrive never holds up the download.
 */
declare const self: DedicatedWorkerGlobalScope;

export interface BootstrapWorkerRequest {
  dbName: string;
  stream: ReadableStream<Uint8Array>;
}

export type BootstrapWorkerReply =
  | { ok: true; value: LoadedSnapshot }
  /** `network`: the stream broke (offline) rather than the cache refusing a write. */
  | { ok: false; error: string; network: boolean };

self.onmessage = (event: MessageEvent<BootstrapWorkerRequest>) => {
  const { dbName, stream } = event.data;
  const writer = new AccordDb(dbName, { durability: 'relaxed' });
  const reply = (message: BootstrapWorkerReply) => self.postMessage(message);
  loadSnapshot(writer, stream)
    .then(
      (value) => reply({ ok: true, value }),
      (error: unknown) =>
        reply({
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          network: error instanceof SnapshotCutShortError || error instanceof TypeError,
        }),
    )
    .finally(() => writer.close());
};
