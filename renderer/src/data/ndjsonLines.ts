/**
 * The lines of an NDJSON byte stream, as they arrive. Each chunk is searched once for newlines and a line is
 * joined from its pieces only when it is complete, so a megabyte line spread over many chunks is never re-scanned
 * or re-copied per chunk. Empty lines are skipped; a last line without a newline is still yielded.
 */
export async function* ndjsonLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline >= 0) {
        pieces.push(text.slice(start, newline));
        const line = pieces.length === 1 ? pieces[0]! : pieces.join('');
        pieces = [];
        if (line.trim()) yield line;
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      if (start < text.length) pieces.push(text.slice(start));
      if (done) break;
    }
    const last = pieces.join('');
    if (last.trim()) yield last;
  } finally {
    reader.releaseLock();
  }
}
