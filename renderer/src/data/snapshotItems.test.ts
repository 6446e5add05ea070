import { describe, expect, it } from 'vitest';
import { snapshotBodyPathPrefix, type BootstrapLine } from '../../../shared/sync/protocol';
import { maxPackedBytesPerWrite, outlineSnapshotItems, type SnapshotItem } from './snapshotItems';

const body = `${snapshotBodyPathPrefix}b1`;
const begin: BootstrapLine = { type: 'begin', seq: 3, counts: { ticket: 5 }, serverNow: 1_700_000_000_000, body };
/** Segment headers far enough apart that each is a range of its own (a range stops at maxPackedBytesPerWrite). */
const headers: BootstrapLine[] = Array.from({ length: 5 }, (_, i) => ({
  type: 'segment',
  entity: 'ticket',
  rows: 1,
  records: 1,
  ids: `t${i}`,
  fields: {},
  at: i * maxPackedBytesPerWrite + 10,
  bytes: maxPackedBytesPerWrite - 20,
}));

async function* linesOf(lines: BootstrapLine[]): AsyncGenerator<BootstrapLine> {
  for (const line of lines) yield line;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('outlineSnapshotItems', () => {
  it('asks for ranges ahead of the consumer, and for no more than three not yet taken', async () => {
    const asked: number[] = [];
    // The small tables come first as rows lines, as in a real snapshot.
    const small: BootstrapLine[] = ['agent', 'team', 'business_calendar', 'sla_policy', 'incident', 'macro', 'knowledge_article'].map((entity) => ({
      type: 'rows',
      entity: entity as 'agent',
      rows: [],
    }));
    const items = outlineSnapshotItems(linesOf([begin, ...small, ...headers, { type: 'end', seq: 3 }]), async (path, first, last) => {
      expect(path).toBe(body);
      asked.push(first);
      return new Blob([new Uint8Array(last - first + 1)]);
    });

    // Only the begin line taken: the reader has gone on past the rows lines and asked for three ranges.
    expect((await items.next()).value).toEqual({ kind: 'line', line: begin });
    await settle();
    expect(asked).toEqual(headers.slice(0, 3).map((h) => (h as { at: number }).at));

    const rest: SnapshotItem[] = [];
    for await (const item of items) rest.push(item);
    expect(asked).toHaveLength(5);
    const kinds = rest.map((item) => (item.kind === 'segment' ? item.header.ids : item.line.type));
    expect(kinds).toEqual([...small.map(() => 'rows'), 't0', 't1', 't2', 't3', 't4', 'end']);
    for (const item of rest) if (item.kind === 'segment') expect((item.body as Blob).size).toBe(maxPackedBytesPerWrite - 20);
  });

  it('surfaces a failed range in stream order, after the items before it', async () => {
    const items = outlineSnapshotItems(linesOf([begin, ...headers.slice(0, 2)]), async (_path, first, last) => {
      if (first > maxPackedBytesPerWrite) throw new TypeError('network gone');
      return new Blob([new Uint8Array(last - first + 1)]);
    });
    const taken: string[] = [];
    await expect(
      (async () => {
        for await (const item of items) taken.push(item.kind === 'segment' ? item.header.ids : item.line.type);
      })(),
    ).rejects.toThrow('network gone');
    expect(taken).toEqual(['begin', 't0']);
  });
});
