import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { snapshotBodyPathPrefix } from '../../shared/sync/protocol';
import { SnapshotOutliner } from './snapshotOutline';

/**
 * The segmented snapshot kept ready on disk, so an agent's first sync streams a file instead of waiting on a
 * fresh render of the whole database (seconds of SQLite time on the large set, per agent, on the server's
 * cores). Every agent gets the same snapshot (the bootstrap has no per-agent scope), so one file serves a team.
 *
 * A snapshot is valid at its `seq` whenever it is served: the client pulls everything after `seq`, as it does
 * after a live render. It is served only while the log still holds that cursor (else the client would get 410
 * and ask again forever), while it is young (the lazy-detail rules are decided at its time) and while few
 * changes have piled up after it; otherwise the request renders live, and that render becomes the next ready
 * snapshot. `refresh` renders one in the background (at start-up, and when the log has moved on).
 *
 * Each snapshot file comes with its outline (snapshotOutline.ts) in a second file, and an id by which the body
 * route serves byte ranges of it: from the moment the file is created (a render's outline client fetches ranges
 * while the render goes on) until a second newer snapshot replaces it (clients of the one before may still be
 * fetching).
 */
export interface ReadySnapshotSource {
  /** A live render: NDJSON chunks, the `begin` line (with the seq) first and on its own. */
  render(): AsyncIterable<Buffer>;
  headSeq(): Promise<number>;
  /** Cursors below this answer 410. */
  logHorizon(): Promise<number>;
  now(): number;
}

export interface ReadySnapshotOptions {
  /** Older snapshots are rendered again (default 10 minutes). */
  maxAgeMs?: number;
  /** Snapshots this many changes behind the log are rendered again (default 20,000: a pull of a second or less). */
  maxLag?: number;
  /** Where snapshot files live (default: a private temporary directory of this process). */
  dir?: string;
}

/** What the body route may serve of a kept snapshot body. */
export interface SnapshotBody {
  file: string;
  /** Bytes on disk now: the whole body once `complete`. */
  size: number;
  complete: boolean;
}

/** No outline can be served now (no snapshot file can be written, or the server is closing): ask for segments. */
export class OutlineUnavailableError extends Error {}

/** A snapshot's two files: its body (the segmented NDJSON) and its outline, named by `id` to clients. */
interface Snapshot {
  id: string;
  file: string;
  outlineFile: string;
  /** Read from the begin line. */
  seq: number;
  at: number;
  /** Bytes of the body written (awaited): everything an outline line sent so far points into. */
  size: number;
  complete: boolean;
  /** Its outline went to a client, who may still fetch ranges of it after a newer snapshot is adopted. */
  handedOut: boolean;
  /** Settles when its render has ended, adopted or dropped. */
  ended: Promise<void>;
}

/** A snapshot being written, with its open files. */
interface Keeping {
  snapshot: Snapshot;
  body: FileHandle;
  outline: FileHandle;
  outliner: SnapshotOutliner;
}

/** A chunk of a kept render: its bytes, and the outline lines they complete (both on disk by now). */
interface KeptChunk {
  body: Buffer;
  outline: Buffer | null;
  /** Null when nothing of this render is kept (no file could be written, or another render is writing). */
  snapshot: Snapshot | null;
}

export class ReadySnapshots {
  private ready: Snapshot | null = null;
  /** The ready snapshot before, while clients that got its outline may still be fetching its ranges. */
  private previous: Snapshot | null = null;
  /** The bodies the body route serves, by id: ready, previous, and the one being written. */
  private readonly bodies = new Map<string, Snapshot>();
  /** The render writing files now (one at a time; other segments requests meanwhile render for themselves). */
  private writing: Promise<void> | null = null;
  private dir: Promise<string> | null = null;
  private closed = false;
  private files = 0;
  private readonly maxAgeMs: number;
  private readonly maxLag: number;

  constructor(
    private readonly source: ReadySnapshotSource,
    private readonly options: ReadySnapshotOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.maxLag = options.maxLag ?? 20_000;
  }

  /** The bytes for one bootstrap request: the ready snapshot if it is still good, else a live render. */
  async open(): Promise<Readable | AsyncIterable<Buffer>> {
    const ready = this.ready;
    if (ready && (await this.usable(ready))) return createReadStream(ready.file, { highWaterMark: fileReadBytes });
    return this.writing || this.closed ? this.source.render() : bodyOf(this.renderKeeping());
  }

  /**
   * The outline for one `format=outline` request: the ready snapshot's if it is still good, else that of a render
   * kept as it goes (its body servable as far as written). A render already writing is waited for: a second
   * render alongside it would not be kept, and an outline needs a kept body.
   */
  async openOutline(): Promise<Readable | AsyncIterable<Buffer>> {
    for (;;) {
      if (this.closed) throw new OutlineUnavailableError('the server is closing');
      const ready = this.ready;
      if (ready && (await this.usable(ready))) {
        ready.handedOut = true;
        return createReadStream(ready.outlineFile, { highWaterMark: fileReadBytes });
      }
      if (!this.writing) return outlineOf(this.renderKeeping());
      await this.writing;
    }
  }

  /** The kept body `id` names (ready, previous, or being written: as far as written), or null: bootstrap again. */
  body(id: string): SnapshotBody | null {
    const snapshot = this.bodies.get(id);
    return snapshot ? { file: snapshot.file, size: snapshot.size, complete: snapshot.complete } : null;
  }

  /** The whole body `id` names, once its render has ended; null when it is not (or no longer) kept. */
  async wholeBody(id: string): Promise<SnapshotBody | null> {
    const snapshot = this.bodies.get(id);
    if (snapshot && !snapshot.complete) await snapshot.ended;
    const body = this.body(id);
    return body?.complete ? body : null;
  }

  /** Renders a snapshot to disk without a client (start-up, or when the ready one has gone stale). */
  async refresh(): Promise<void> {
    if (this.writing || this.closed) return;
    if (this.ready && (await this.lagOf(this.ready)) === 0) return;
    for await (const chunk of this.renderKeeping()) void chunk;
  }

  /** Deletes the snapshot files. */
  async close(): Promise<void> {
    this.closed = true;
    this.ready = null;
    this.previous = null;
    this.bodies.clear();
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  /** What the ready snapshot is valid at, if there is one (tests, the health of the cache). */
  get readySeq(): number | null {
    return this.ready?.seq ?? null;
  }

  private async usable(ready: Snapshot): Promise<boolean> {
    const lag = await this.lagOf(ready);
    return lag !== null && lag <= this.maxLag;
  }

  /** Changes committed after the snapshot, or null when it can no longer be served (too old, out of the log). */
  private async lagOf(ready: Snapshot): Promise<number | null> {
    if (this.source.now() - ready.at > this.maxAgeMs) return null;
    if ((await this.source.logHorizon()) > ready.seq) return null;
    return (await this.source.headSeq()) - ready.seq;
  }

  private directory(): Promise<string> {
    this.dir ??= this.options.dir ? Promise.resolve(this.options.dir) : privateDirectory();
    return this.dir;
  }

  /**
   * A live render that is also written to a body file and an outline file, which become the ready snapshot once
   * the render has ended (a request that stops midway leaves no file behind). Each chunk is on disk before it is
   * handed on, so whatever an outline line names can already be read. While another render is writing, this one
   * keeps nothing.
   */
  private async *renderKeeping(): AsyncGenerator<KeptChunk> {
    if (this.writing || this.closed) {
      for await (const body of this.source.render()) yield { body, outline: null, snapshot: null };
      return;
    }
    let ended = () => {};
    this.writing = new Promise((resolve) => (ended = resolve));
    let keeping: Keeping | null = null;
    let complete = false;
    try {
      keeping = await this.startKeeping(this.source.now(), this.writing);
      let first = true;
      for await (const chunk of this.source.render()) {
        const seq = first ? beginSeq(chunk) : null;
        first = false;
        let outline: Buffer | null = null;
        if (keeping) {
          if (seq !== null) keeping.snapshot.seq = seq;
          // The file is a convenience: if it cannot be written (a full disk), a segments client is still served.
          try {
            outline = await write(keeping, chunk);
          } catch {
            keeping = await this.drop(keeping);
          }
        }
        yield { body: chunk, outline, snapshot: keeping?.snapshot ?? null };
      }
      complete = !first && keeping !== null && endsWhole(keeping.outliner);
    } finally {
      if (keeping) await this.settle(keeping, complete);
      this.writing = null;
      ended();
    }
  }

  /** The files of a new snapshot, its id servable from now on; null when they cannot be made. */
  private async startKeeping(at: number, ended: Promise<void>): Promise<Keeping | null> {
    const name = `snapshot-${process.pid}-${(this.files += 1)}`;
    let snapshot: Snapshot | null = null;
    let body: FileHandle | null = null;
    try {
      const dir = await this.directory();
      snapshot = {
        id: randomUUID(),
        file: join(dir, `${name}.ndjson`),
        outlineFile: join(dir, `${name}.outline.ndjson`),
        seq: 0,
        at,
        size: 0,
        complete: false,
        handedOut: false,
        ended,
      };
      body = await open(snapshot.file, 'w', 0o600);
      const outline = await open(snapshot.outlineFile, 'w', 0o600);
      this.bodies.set(snapshot.id, snapshot);
      return { snapshot, body, outline, outliner: new SnapshotOutliner(`${snapshotBodyPathPrefix}${snapshot.id}`) };
    } catch {
      await body?.close().catch(() => {});
      if (snapshot) await removeFiles(snapshot);
      return null;
    }
  }

  /** Makes a finished snapshot the ready one, or deletes what an unfinished one left. */
  private async settle(keeping: Keeping, complete: boolean): Promise<void> {
    await closeFiles(keeping);
    const snapshot = keeping.snapshot;
    if (!complete || this.closed) {
      await this.discard(snapshot);
      return;
    }
    snapshot.complete = true;
    const before = this.ready;
    this.ready = snapshot;
    // A request still streaming an older file keeps reading it: the open descriptor outlives the name. Ranges
    // are asked by name, so the one before stays while clients may hold its outline; older ones go.
    if (before?.handedOut) {
      const older = this.previous;
      this.previous = before;
      if (older) await this.discard(older);
    } else if (before) {
      await this.discard(before);
    }
  }

  /** Stops keeping a render whose file failed: its id answers 410 from now on. */
  private async drop(keeping: Keeping): Promise<null> {
    await closeFiles(keeping);
    await this.discard(keeping.snapshot);
    return null;
  }

  private async discard(snapshot: Snapshot): Promise<void> {
    this.bodies.delete(snapshot.id);
    await removeFiles(snapshot);
  }
}

/** Bytes read from a snapshot file at a time. */
export const fileReadBytes = 1 << 20;

/**
 * Appends a chunk to the body, then the outline lines it completes to the outline; returns those lines. The
 * snapshot's size grows only once the bytes are written, so the body route never serves what is not there yet.
 */
async function write(keeping: Keeping, chunk: Buffer): Promise<Buffer | null> {
  await writeAll(keeping.body, chunk);
  keeping.snapshot.size += chunk.length;
  const outline = keeping.outliner.push(chunk);
  if (outline) await writeAll(keeping.outline, outline);
  return outline;
}

/** A FileHandle's write may write part of the buffer; the rest follows. */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** Whether the render ended where a line did (else it was cut short and is not kept). */
function endsWhole(outliner: SnapshotOutliner): boolean {
  try {
    outliner.end();
    return true;
  } catch {
    return false;
  }
}

async function closeFiles(keeping: Keeping): Promise<void> {
  await Promise.all([keeping.body.close().catch(() => {}), keeping.outline.close().catch(() => {})]);
}

async function removeFiles(snapshot: Snapshot): Promise<void> {
  await Promise.all([rm(snapshot.file, { force: true }), rm(snapshot.outlineFile, { force: true })]);
}

/** The body bytes of a kept render (for a segments client). */
async function* bodyOf(kept: AsyncGenerator<KeptChunk>): AsyncGenerator<Buffer> {
  for await (const { body } of kept) yield body;
}

/**
 * The outline lines of a kept render, read ahead to its first line so that a render that keeps no file is
 * refused before the response starts. Not a generator: ending it before it is read must still end the render
 * (a generator's `return()` before its first `next()` runs none of its body).
 */
async function outlineOf(kept: AsyncGenerator<KeptChunk>): Promise<AsyncIterableIterator<Buffer>> {
  const nextLines = async (): Promise<IteratorResult<Buffer, undefined>> => {
    for (;;) {
      const result = await kept.next();
      if (result.done) return { done: true, value: undefined };
      const { outline, snapshot } = result.value;
      if (!snapshot) throw new OutlineUnavailableError('no snapshot file could be written');
      snapshot.handedOut = true;
      if (outline) return { done: false, value: outline };
    }
  };
  let first: IteratorResult<Buffer, undefined> | null;
  try {
    first = await nextLines();
  } catch (error) {
    await kept.return(undefined);
    throw error;
  }
  const iterator: AsyncIterableIterator<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => {
      const pending = first;
      first = null;
      return pending ? Promise.resolve(pending) : nextLines();
    },
    return: async () => {
      first = null;
      await kept.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return iterator;
}

const dirPrefix = 'accord-snapshot-';

/**
 * A temporary directory readable by this user only (the files hold the customers' tickets), named after this
 * process so that the directories of servers that died without closing can be swept: their pid is gone.
 */
async function privateDirectory(): Promise<string> {
  const root = tmpdir();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(/^accord-snapshot-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isRunning(pid)) await rm(join(root, name), { recursive: true, force: true });
  }
  return mkdtemp(join(root, `${dirPrefix}${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function beginSeq(chunk: Buffer): number {
  const begin = JSON.parse(chunk.toString('utf8')) as { type?: unknown; seq?: unknown };
  if (begin.type !== 'begin' || typeof begin.seq !== 'number') throw new Error('a snapshot render must start with its begin line');
  return begin.seq;
}
