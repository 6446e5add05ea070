import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonByteLines, ndjsonLines } from './ndjsonLines';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of ndjsonLines(stream)) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('yields complete lines however the bytes are cut, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\n') && s.trim() !== ''), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        async (lines, cuts, trailingNewline) => {
          const bytes = new TextEncoder().encode(lines.join('\n') + (trailingNewline ? '\n' : ''));
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length]!;
            chunks.push(bytes.slice(at, at + size));
            at += size;
          }
          expect(await collect(streamOf(chunks))).toEqual(lines);
        },
      ),
    );
  });

  it('skips empty lines', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n\n  \n{"b":2}\n');
    expect(await collect(streamOf([bytes]))).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('ndjsonByteLines', () => {
  it('gives each line a buffer of its own, exactly its bytes', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n[1,2]\n{"b":"é"}');
    const lines: Uint8Array[] = [];
    for await (const line of ndjsonByteLines(streamOf([bytes.slice(0, 10), bytes.slice(10)]))) lines.push(line);
    expect(lines.map((line) => new TextDecoder().decode(line))).toEqual(['{"a":1}', '[1,2]', '{"b":"é"}']);
    // Stored as is: a view into the network chunk would carry the whole chunk along.
    for (const line of lines) expect(line.byteLength).toBe(line.buffer.byteLength);
  });
});
