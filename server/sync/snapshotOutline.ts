/**
 * The outline of a segmented snapshot (shared/sync/protocol.ts, outlineBootstrapFormat), built from the body's
 * bytes as they are rendered: the same lines without the segment arrays, the `begin` line naming the body and
 * each segment header saying where its array lies in the body (`at`, `bytes`).
 *
 * Chunks are cut anywhere (a line may span several); only the short lines are held until their end, an array
 * line is only counted. Lines are rewritten as text (a field inserted before the closing brace): the render wrote
 * them with JSON.stringify, and parsing every header again would cost more than it tells.
 */
export class SnapshotOutliner {
  /** Body offset of the next chunk's first byte. */
  private offset = 0;
  /** Body offset where the unfinished line starts. */
  private lineStart = 0;
  /** The unfinished line's bytes so far (an array line's are not kept). */
  private held: Buffer[] = [];
  /** The header of the segment whose array is the unfinished line. */
  private header: Buffer | null = null;
  private lines = 0;
  private readonly bodyField: string;

  constructor(bodyPath: string) {
    this.bodyField = `,"body":${JSON.stringify(bodyPath)}`;
  }

  /** The outline lines this chunk of the body completes (null when none). */
  push(chunk: Buffer): Buffer | null {
    const out: Buffer[] = [];
    let from = 0;
    for (let cut = chunk.indexOf(newlineByte); cut !== -1; cut = chunk.indexOf(newlineByte, from)) {
      const end = this.offset + cut;
      if (this.header) {
        out.push(withFields(this.header, `,"at":${this.lineStart},"bytes":${end - this.lineStart}`));
        this.header = null;
      } else {
        this.outlineLine(this.take(chunk.subarray(from, cut)), out);
      }
      this.lines += 1;
      from = cut + 1;
      this.lineStart = end + 1;
    }
    if (from < chunk.length && !this.header) this.held.push(chunk.subarray(from));
    this.offset += chunk.length;
    return out.length === 0 ? null : out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** Checks that the body ended where a line did (a render cut short must not be kept). */
  end(): void {
    if (this.lineStart !== this.offset || this.header) throw new Error('the snapshot body ended inside a line');
    if (this.lines === 0) throw new Error('the snapshot body is empty');
  }

  /** A whole line: what was held of it, then its last part. */
  private take(last: Buffer): Buffer {
    if (this.held.length === 0) return last;
    const line = Buffer.concat([...this.held, last]);
    this.held = [];
    return line;
  }

  private outlineLine(line: Buffer, out: Buffer[]): void {
    if (this.lines === 0) {
      if (!startsWith(line, beginPrefix)) throw new Error('a snapshot body must start with its begin line');
      out.push(withFields(line, this.bodyField));
    } else if (startsWith(line, segmentPrefix)) {
      // Copied: a slice would keep the whole rendered chunk alive until the array has been counted.
      this.header = Buffer.from(line);
    } else {
      out.push(Buffer.concat([line, newline]));
    }
  }
}

const newlineByte = 0x0a;
const newline = Buffer.from('\n');
const beginPrefix = Buffer.from('{"type":"begin"');
const segmentPrefix = Buffer.from('{"type":"segment"');

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.subarray(0, prefix.length).equals(prefix);
}

/** The JSON object line with `fields` (`,"name":value…`) added at its end, newline included. */
function withFields(line: Buffer, fields: string): Buffer {
  if (line[line.length - 1] !== 0x7d) throw new Error('a snapshot line is not a JSON object');
  return Buffer.concat([line.subarray(0, line.length - 1), Buffer.from(`${fields}}\n`)]);
}
