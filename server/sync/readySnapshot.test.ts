import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotBodyPathPrefix } from '../../shared/sync/protocol';
import { OutlineUnavailableError, ReadySnapshots, type ReadySnapshotSource } from './readySnapshot';

/**
 * A database stand-in whose snapshot is its seq: the policy under test only sees seqs, times and bytes. After the
 * begin line (on its own, as the render sends it) come a rows line and `segments` segments, cut into chunks of
 * `chunkBytes` (so lines span chunks); `failAfterSegments` throws once that many segments have been sent.
 */
function fakeSource() {
  const state = {
    head: 10,
    horizon: 0,
    now: 1_000_000,
    renders: 0,
    failAfterBegin: false,
    segments: 0,
    chunkBytes: 1 << 20,
    failAfterSegments: null as number | null,
  };
  const source: ReadySnapshotSource = {
    async *render() {
      state.renders += 1;
      const seq = state.head;
      yield Buffer.from(`${JSON.stringify({ type: 'begin', seq, counts: {}, serverNow: state.now })}\n`);
      if (state.failAfterBegin) throw new Error('database went away');
      const lines = [JSON.stringify({ type: 'rows', entity: 'team', rows: [{ id: `t${seq}` }] })];
      for (let i = 0; i < state.segments; i += 1) {
        const records = Array.from({ length: i + 1 }, (_, r) => ({ id: `k${seq}-${i}-${r}`, subject: 'ü'.repeat(r + 1) }));
        lines.push(JSON.stringify({ type: 'segment', entity: 'ticket', rows: records.length, records: records.length, ids: `s${i}`, fields: {} }));
        lines.push(JSON.stringify(records));
      }
      lines.push(JSON.stringify({ type: 'end', seq }));
      const rest = Buffer.from(`${lines.join('\n')}\n`);
      const failAt = state.failAfterSegments === null ? null : rest.indexOf(`"ids":"s${state.failAfterSegments}"`);
      for (let at = 0; at < rest.length; at += state.chunkBytes) {
        if (failAt !== null && failAt >= 0 && at > failAt) throw new Error('database went away');
        yield rest.subarray(at, at + state.chunkBytes);
      }
    },
    headSeq: async () => state.head,
    logHorizon: async () => state.horizon,
    now: () => state.now,
  };
  return { state, source };
}

async function text(body: AsyncIterable<Buffer | string>): Promise<string> {
  let out = '';
  for await (const chunk of body) out += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return out;
}

const seqOf = (body: string) => (JSON.parse(body.split('\n')[0]!) as { seq: number }).seq;

/** Snapshot bodies in a directory (each has its outline next to it). */
async function bodiesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !name.endsWith('.outline.ndjson'));
}

/** The id of the body an outline's begin line names. */
function bodyIdOf(outline: string): string {
  const begin = JSON.parse(outline.slice(0, outline.indexOf('\n'))) as { body: string };
  expect(begin.body.startsWith(snapshotBodyPathPrefix)).toBe(true);
  return begin.body.slice(snapshotBodyPathPrefix.length);
}

/**
 * The segments stream an outline stands for: its lines with the segment arrays put back from the body where
 * `at`/`bytes` say, and the fields the outline added taken out again.
 */
function segmentsFromOutline(outline: string, body: Buffer): string {
  let out = '';
  for (const line of outline.split('\n').slice(0, -1)) {
    const value = JSON.parse(line) as { type: string; at?: number; bytes?: number; body?: string };
    if (value.type === 'segment') {
      const { at, bytes, ...header } = value;
      expect(body[at! + bytes!]).toBe(0x0a);
      out += `${JSON.stringify(header)}\n${body.subarray(at!, at! + bytes!).toString('utf8')}\n`;
    } else {
      const { body: bodyPath, ...rest } = value;
      void bodyPath;
      out += `${JSON.stringify(rest)}\n`;
    }
  }
  return out;
}

describe('ReadySnapshots', () => {
  let snapshots: ReadySnapshots | null = null;
  afterEach(async () => {
    await snapshots?.close();
    snapshots = null;
  });

  it('serves the render a first request made to the next one, byte for byte, without rendering again', async () => {
    const { state, source } = fakeSource();
    snapshots = new ReadySnapshots(source);
    const first = await text(await snapshots.open());
    state.head = 12;
    const second = await text(await snapshots.open());
    expect(second).toBe(first);
    expect(seqOf(second)).toBe(10);
    expect(state.renders).toBe(1);
  });

  it('renders again once the snapshot is too old, too far behind, or older than the log keeps', async () => {
    const { state, source } = fakeSource();
    snapshots = new ReadySnapshots(source, { maxAgeMs: 60_000, maxLag: 100 });
    await text(await snapshots.open());

    state.now += 60_001;
    state.head = 11;
    expect(seqOf(await text(await snapshots.open()))).toBe(11);

    state.head = 112;
    expect(seqOf(await text(await snapshots.open()))).toBe(112);

    state.horizon = 113;
    state.head = 114;
    expect(seqOf(await text(await snapshots.open()))).toBe(114);
    expect(state.renders).toBe(4);
  });

  it('keeps nothing of a render that failed or was not read to its end', async () => {
    const { state, source } = fakeSource();
    const dir = await mkdtemp(join(tmpdir(), 'accord-ready-test-'));
    snapshots = new ReadySnapshots(source, { dir });
    state.failAfterBegin = true;
    await expect(text(await snapshots.open())).rejects.toThrow('database went away');
    state.failAfterBegin = false;
    const body = await snapshots.open();
    for await (const chunk of body) {
      void chunk;
      break; // the client went away after the begin line
    }
    expect(snapshots.readySeq).toBeNull();
    expect(await readdir(dir)).toEqual([]);
    await text(await snapshots.open());
    expect(snapshots.readySeq).toBe(10);
    expect(await bodiesIn(dir)).toHaveLength(1);
  });

  it('still serves the render when its file cannot be written, and keeps no snapshot then', async () => {
    const { state, source } = fakeSource();
    snapshots = new ReadySnapshots(source, { dir: '/nonexistent-accord-dir/snapshots' });
    const body = await text(await snapshots.open());
    expect(body.trim().split('\n')).toHaveLength(3);
    expect(snapshots.readySeq).toBeNull();
    await text(await snapshots.open());
    expect(state.renders).toBe(2);
  });

  it('refresh renders only when the log has moved on, and replaces the file it had', async () => {
    const { state, source } = fakeSource();
    const dir = await mkdtemp(join(tmpdir(), 'accord-ready-test-'));
    snapshots = new ReadySnapshots(source, { dir });
    await snapshots.refresh();
    await snapshots.refresh();
    expect(state.renders).toBe(1);
    state.head = 15;
    await snapshots.refresh();
    expect(state.renders).toBe(2);
    expect(snapshots.readySeq).toBe(15);
    expect(await bodiesIn(dir)).toHaveLength(1);
    expect(await readdir(dir)).toHaveLength(2);
    expect(seqOf(await text(await snapshots.open()))).toBe(15);
  });
});

describe('ReadySnapshots outlines', () => {
  let snapshots: ReadySnapshots | null = null;
  afterEach(async () => {
    await snapshots?.close();
    snapshots = null;
  });

  function segmentedSource() {
    const fake = fakeSource();
    fake.state.segments = 4;
    fake.state.chunkBytes = 7;
    return fake;
  }

  it('is the segments stream without its arrays, each header placing its array in the body file', async () => {
    const { state, source } = segmentedSource();
    snapshots = new ReadySnapshots(source);
    const outline = await text(await snapshots.openOutline());
    const id = bodyIdOf(outline);
    const body = snapshots.body(id)!;
    expect(body.complete).toBe(true);
    const bytes = await readFile(body.file);
    expect(body.size).toBe(bytes.length);

    const segments = await text(await snapshots.open());
    expect(bytes.toString('utf8')).toBe(segments);
    expect(segmentsFromOutline(outline, bytes)).toBe(segments);
    expect(outline.split('\n').filter((line) => line.includes('"type":"segment"'))).toHaveLength(4);
    expect(outline).not.toContain('"subject"');

    // The next outline comes from the file kept with the body, the same bytes.
    expect(await text(await snapshots.openOutline())).toBe(outline);
    expect(state.renders).toBe(1);
  });

  it('serves the body as far as written while the render goes on: every byte a line names is on disk first', async () => {
    const { source } = segmentedSource();
    snapshots = new ReadySnapshots(source);
    const lines = await snapshots.openOutline();
    let id: string | null = null;
    let placed = 0;
    for await (const chunk of lines) {
      const piece = (chunk as Buffer).toString('utf8');
      id ??= bodyIdOf(piece);
      const body = snapshots.body(id)!;
      for (const line of piece.split('\n').slice(0, -1)) {
        const { at, bytes } = JSON.parse(line) as { at?: number; bytes?: number };
        if (at === undefined) continue;
        placed += 1;
        expect(at + bytes!).toBeLessThanOrEqual(body.size);
        expect(body.complete).toBe(false);
        const written = await readFile(body.file);
        expect(written.subarray(at, at + bytes!).toString('utf8')).toMatch(/^\[.*\]$/);
      }
    }
    expect(placed).toBe(4);
    expect(snapshots.body(id!)?.complete).toBe(true);
  });

  it('leaves no servable id and no file of a render that failed or was not read to its end', async () => {
    const { state, source } = segmentedSource();
    const dir = await mkdtemp(join(tmpdir(), 'accord-ready-test-'));
    snapshots = new ReadySnapshots(source, { dir });
    state.failAfterSegments = 2;
    let outline = '';
    await expect(
      (async () => {
        for await (const chunk of await snapshots!.openOutline()) outline += (chunk as Buffer).toString('utf8');
      })(),
    ).rejects.toThrow('database went away');
    const failed = bodyIdOf(outline);
    expect(outline).toContain('"at":');
    expect(snapshots.body(failed)).toBeNull();
    expect(await snapshots.wholeBody(failed)).toBeNull();
    expect(await readdir(dir)).toEqual([]);

    state.failAfterSegments = null;
    const abandoned = await snapshots.openOutline();
    for await (const chunk of abandoned) {
      const id = bodyIdOf((chunk as Buffer).toString('utf8'));
      expect(snapshots.body(id)).not.toBeNull();
      break; // the client went away after the begin line
    }
    expect(await readdir(dir)).toEqual([]);
    expect(snapshots.readySeq).toBeNull();
  });

  it('ends the render of an outline refused before it was read', async () => {
    const { state, source } = segmentedSource();
    const dir = await mkdtemp(join(tmpdir(), 'accord-ready-test-'));
    snapshots = new ReadySnapshots(source, { dir });
    const unread = (await snapshots.openOutline()) as AsyncIterableIterator<Buffer>;
    await unread.return!();
    expect(await readdir(dir)).toEqual([]);
    // Nothing is left writing: the next request renders and keeps its own.
    await text(await snapshots.openOutline());
    expect(state.renders).toBe(2);
    expect(snapshots.readySeq).toBe(10);
  });

  it('keeps the body before the ready one while its outline may be in use, and none older', async () => {
    const { state, source } = segmentedSource();
    const dir = await mkdtemp(join(tmpdir(), 'accord-ready-test-'));
    snapshots = new ReadySnapshots(source, { dir, maxLag: 5 });
    const first = bodyIdOf(await text(await snapshots.openOutline()));
    state.head = 20;
    const second = bodyIdOf(await text(await snapshots.openOutline()));
    expect(second).not.toBe(first);
    expect(snapshots.body(first)?.complete).toBe(true);
    expect(await bodiesIn(dir)).toHaveLength(2);

    state.head = 30;
    const third = bodyIdOf(await text(await snapshots.openOutline()));
    expect(snapshots.body(first)).toBeNull();
    expect(snapshots.body(second)?.complete).toBe(true);
    expect(snapshots.body(third)?.complete).toBe(true);
    expect(await bodiesIn(dir)).toHaveLength(2);
    expect(await readdir(dir)).toHaveLength(4);
  });

  it('makes an outline request wait for the render writing, then serves the outline kept from it', async () => {
    const { state, source } = segmentedSource();
    snapshots = new ReadySnapshots(source);
    const segments = (await snapshots.open())[Symbol.asyncIterator]();
    await segments.next(); // a segments client's render is writing the file
    const outline = snapshots.openOutline();
    let served = false;
    void outline.then(() => (served = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(served).toBe(false);
    while (!(await segments.next()).done);
    const lines = await text(await outline);
    expect(seqOf(lines)).toBe(10);
    expect(state.renders).toBe(1);
    expect(snapshots.body(bodyIdOf(lines))?.complete).toBe(true);
  });

  it('hands out the whole body once its render has ended', async () => {
    const { source } = segmentedSource();
    snapshots = new ReadySnapshots(source);
    const lines = (await snapshots.openOutline())[Symbol.asyncIterator]();
    const id = bodyIdOf(((await lines.next()).value as Buffer).toString('utf8'));
    const whole = snapshots.wholeBody(id);
    while (!(await lines.next()).done);
    const body = await whole;
    expect(body?.complete).toBe(true);
    expect((await readFile(body!.file)).length).toBe(body!.size);
    expect(await snapshots.wholeBody('no-such-id')).toBeNull();
  });

  it('refuses an outline when no file can be written (the segments are still served)', async () => {
    const { source } = segmentedSource();
    snapshots = new ReadySnapshots(source, { dir: '/nonexistent-accord-dir/snapshots' });
    await expect(snapshots.openOutline()).rejects.toBeInstanceOf(OutlineUnavailableError);
    expect(seqOf(await text(await snapshots.open()))).toBe(10);
  });
});

describe('ReadySnapshots without a directory given', () => {
  it('keeps its files in a private directory of its own and sweeps those of servers that are gone', async () => {
    const { mkdir, stat, writeFile } = await import('node:fs/promises');
    // A pid far above any Linux pid_max: that server is certainly gone.
    const stale = join(tmpdir(), 'accord-snapshot-999999999-test');
    await mkdir(stale, { recursive: true });
    await writeFile(join(stale, 'snapshot-1.ndjson'), 'left behind');
    const { source } = fakeSource();
    const snapshots = new ReadySnapshots(source);
    try {
      await text(await snapshots.open());
      const mine = (await readdir(tmpdir())).filter((name) => name.startsWith(`accord-snapshot-${process.pid}-`));
      expect(mine).toHaveLength(1);
      expect((await stat(join(tmpdir(), mine[0]!))).mode & 0o777).toBe(0o700);
      await expect(stat(stale)).rejects.toThrow();
    } finally {
      await snapshots.close();
    }
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(`accord-snapshot-${process.pid}-`))).toEqual([]);
  });
});
