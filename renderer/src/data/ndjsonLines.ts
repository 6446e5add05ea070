/**
 * The lines of an NDJSON byte stream, as they arrive, each as its own bytes (a copy that owns its buffer, so it
 * can be stored or transferred without dragging the rest of a network chunk along). Each chunk is searched once
 * for newlines and a line is joined from its pieces only when it is complete, so a megabyte line spread over many
 * chunks is never re-scanned or re-copied per chunk. Blank lines are skipped; a last line without a newline is
 * still yielded.
 */
export async function* ndjsonByteLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let pieces: Uint8Array[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let start = 0;
      let newline = value.indexOf(newlineByte);
      while (newline >= 0) {
        pieces.push(value.subarray(start, newline));
        const line = joined(pieces);
        pieces = [];
        if (!isBlank(line)) yield line;
        start = newline + 1;
        newline = value.indexOf(newlineByte, start);
      }
      if (start < value.length) pieces.push(value.subarray(start));
    }
    const last = joined(pieces);
    if (!isBlank(last)) yield last;
  } finally {
    reader.releaseLock();
  }
}

/** The same lines decoded as UTF-8 text. */
export async function* ndjsonLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const line of ndjsonByteLines(stream)) yield decoder.decode(line);
}

const newlineByte = 0x0a;

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!.slice();
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** Only spaces, tabs and carriage returns (or nothing): JSON never starts a value with those alone. */
function isBlank(line: Uint8Array): boolean {
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
