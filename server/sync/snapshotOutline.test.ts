import { describe, expect, it } from 'vitest';
import { SnapshotOutliner } from './snapshotOutline';

const bodyPath = '/api/sync/bootstrap/body/7d4f5e56-0000-4000-8000-000000000000';

/** A segmented body as the render writes it: begin, a rows line, segment headers each followed by its array, end. */
function segmentedBody(): string {
  const lines = [
    { type: 'begin', seq: 7, counts: { ticket: 3 }, serverNow: 1 },
    { type: 'rows', entity: 'team', rows: [{ id: 't1', name: 'Tier 1 — ünïcode' }] },
  ].map((value) => JSON.stringify(value));
  for (const [i, records] of [[{ id: 'a', subject: 'é'.repeat(40) }], [{ id: 'b' }, { id: 'c', subject: '😀\n' }], [{ id: 'd' }]].entries()) {
    lines.push(JSON.stringify({ type: 'segment', entity: 'ticket', rows: records.length, records: records.length, ids: `id${i}`, fields: {} }));
    lines.push(JSON.stringify(records));
  }
  lines.push(JSON.stringify({ type: 'end', seq: 7 }));
  return `${lines.join('\n')}\n`;
}

/** The outline the protocol describes, worked out from the body's lines (not by the code under test). */
function expectedOutline(body: Buffer): string {
  const out: string[] = [];
  let offset = 0;
  let header: Record<string, unknown> | null = null;
  for (const line of body.toString('utf8').split('\n').slice(0, -1)) {
    const bytes = Buffer.byteLength(line);
    if (header) {
      out.push(JSON.stringify({ ...header, at: offset, bytes }));
      header = null;
    } else {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.type === 'segment') header = value;
      else out.push(JSON.stringify(value.type === 'begin' ? { ...value, body: bodyPath } : value));
    }
    offset += bytes + 1;
  }
  return `${out.join('\n')}\n`;
}

function outlineOf(chunks: Buffer[]): string {
  const outliner = new SnapshotOutliner(bodyPath);
  const parts = chunks.map((chunk) => outliner.push(chunk)).filter((part): part is Buffer => part !== null);
  outliner.end();
  return Buffer.concat(parts).toString('utf8');
}

/** The body cut into chunks of `size` bytes (across lines, and across a character's bytes). */
function cut(body: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) chunks.push(body.subarray(at, at + size));
  return chunks;
}

describe('SnapshotOutliner', () => {
  const body = Buffer.from(segmentedBody());

  it('is the body without its segment arrays, each header saying where its array lies', () => {
    const outline = outlineOf([body]);
    expect(outline).toBe(expectedOutline(body));
    const segments = outline.split('\n').filter((line) => line.includes('"type":"segment"'));
    expect(segments).toHaveLength(3);
    const lines = body.toString('utf8').split('\n');
    for (const line of segments) {
      const { at, bytes, ids } = JSON.parse(line) as { at: number; bytes: number; ids: string };
      const array = body.subarray(at, at + bytes).toString('utf8');
      // The array is the line after its header in the body.
      const headerIndex = lines.findIndex((l) => l.includes(`"ids":"${ids}"`));
      expect(array).toBe(lines[headerIndex + 1]);
      expect(body[at + bytes]).toBe(0x0a);
    }
  });

  it('gives the same outline however the chunks cut the lines', () => {
    const expected = expectedOutline(body);
    for (let size = 1; size <= body.length; size += 1) expect(outlineOf(cut(body, size)), `chunks of ${size}`).toBe(expected);
    // The begin line alone, as the render sends it, then the rest in one.
    const firstLineEnd = body.indexOf(0x0a) + 1;
    expect(outlineOf([body.subarray(0, firstLineEnd), body.subarray(firstLineEnd)])).toBe(expected);
  });

  it('gives each line as soon as the chunk ending it has come, and a header only once its array has', () => {
    const outliner = new SnapshotOutliner(bodyPath);
    const firstHeader = body.indexOf('{"type":"segment"');
    const arrayStart = body.indexOf(0x0a, firstHeader) + 1;
    expect(outliner.push(body.subarray(0, arrayStart + 3))?.toString('utf8')).toBe(expectedOutline(body).split('\n').slice(0, 2).join('\n') + '\n');
    const arrayEnd = body.indexOf(0x0a, arrayStart);
    expect(outliner.push(body.subarray(arrayStart + 3, arrayEnd))).toBeNull();
    expect(outliner.push(body.subarray(arrayEnd, arrayEnd + 1))?.toString('utf8')).toContain(`"at":${arrayStart},"bytes":${arrayEnd - arrayStart}}`);
  });

  it('refuses a body that does not start with its begin line or ends inside a line', () => {
    expect(() => new SnapshotOutliner(bodyPath).push(Buffer.from('{"type":"end","seq":1}\n'))).toThrow('begin line');
    const cutShort = new SnapshotOutliner(bodyPath);
    cutShort.push(body.subarray(0, body.length - 5));
    expect(() => cutShort.end()).toThrow('inside a line');
    const emptyOutliner = new SnapshotOutliner(bodyPath);
    expect(() => emptyOutliner.end()).toThrow('empty');
  });
});
