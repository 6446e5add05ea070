import { readdir } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadySnapshots, type ReadySnapshotSource } from './readySnapshot';

/** A database stand-in whose snapshot is its seq: the policy under test only sees seqs, times and bytes. */
function fakeSource() {
  const state = { head: 10, horizon: 0, now: 1_000_000, renders: 0, failAfterBegin: false };
  const source: ReadySnapshotSource = {
    async *render() {
      state.renders += 1;
      const seq = state.head;
      yield Buffer.from(`${JSON.stringify({ type: 'begin', seq, counts: {}, serverNow: state.now })}\n`);
      if (state.failAfterBegin) throw new Error('database went away');
      yield Buffer.from(`${JSON.stringify({ type: 'rows', entity: 'team', rows: [{ id: `t${seq}` }] })}\n`);
      yield Buffer.from(`${JSON.stringify({ type: 'end', seq })}\n`);
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
    expect(await readdir(dir)).toHaveLength(1);
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
    expect(await readdir(dir)).toHaveLength(1);
    expect(seqOf(await text(await snapshots.open()))).toBe(15);
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
