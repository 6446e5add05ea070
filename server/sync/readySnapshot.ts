import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

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

interface Ready {
  file: string;
  seq: number;
  at: number;
}

export class ReadySnapshots {
  private ready: Ready | null = null;
  /** One render writes a file at a time; other requests meanwhile render for themselves. */
  private writing = false;
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
    if (ready && (await this.usable(ready))) return createReadStream(ready.file, { highWaterMark: 1 << 20 });
    return this.writing || this.closed ? this.source.render() : this.renderKeeping();
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
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  /** What the ready snapshot is valid at, if there is one (tests, the health of the cache). */
  get readySeq(): number | null {
    return this.ready?.seq ?? null;
  }

  private async usable(ready: Ready): Promise<boolean> {
    const lag = await this.lagOf(ready);
    return lag !== null && lag <= this.maxLag;
  }

  /** Changes committed after the snapshot, or null when it can no longer be served (too old, out of the log). */
  private async lagOf(ready: Ready): Promise<number | null> {
    if (this.source.now() - ready.at > this.maxAgeMs) return null;
    if ((await this.source.logHorizon()) > ready.seq) return null;
    return (await this.source.headSeq()) - ready.seq;
  }

  private directory(): Promise<string> {
    this.dir ??= this.options.dir ? Promise.resolve(this.options.dir) : privateDirectory();
    return this.dir;
  }

  /**
   * A live render that is also written to a file, which becomes the ready snapshot once the render has ended
   * (a request that stops midway leaves no file behind).
   */
  private async *renderKeeping(): AsyncGenerator<Buffer> {
    this.writing = true;
    const at = this.source.now();
    let file: string | null = null;
    let handle: FileHandle | null = null;
    let seq: number | null = null;
    let complete = false;
    try {
      // The file is a convenience: if it cannot be written (a full disk), the client is still served.
      try {
        file = join(await this.directory(), `snapshot-${process.pid}-${(this.files += 1)}.ndjson`);
        handle = await open(`${file}.partial`, 'w', 0o600);
      } catch {
        handle = null;
      }
      for await (const chunk of this.source.render()) {
        seq ??= beginSeq(chunk);
        if (handle) handle = await handle.write(chunk).then(() => handle, () => abandon(handle!));
        yield chunk;
      }
      complete = seq !== null && handle !== null;
    } finally {
      await handle?.close();
      if (file) await this.adopt(file, complete, seq, at);
      this.writing = false;
    }
  }

  /** Makes a finished file the ready snapshot (dropping the one before), or deletes what an unfinished one left. */
  private async adopt(file: string, complete: boolean, seq: number | null, at: number): Promise<void> {
    const partial = `${file}.partial`;
    if (!complete || seq === null || this.closed) {
      await rm(partial, { force: true });
      return;
    }
    await rename(partial, file);
    const previous = this.ready;
    this.ready = { file, seq, at };
    // A request still streaming the previous file keeps reading it: the open descriptor outlives the name.
    if (previous) await rm(previous.file, { force: true });
  }
}

/** Stops writing a file that failed: closed now, deleted by `adopt` as unfinished. */
async function abandon(handle: FileHandle): Promise<null> {
  await handle.close().catch(() => {});
  return null;
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
