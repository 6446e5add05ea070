/**
 * A seeded random source for the demo data set. Everything the generator draws (ids included) comes from
 * here, so one seed and one size always give byte-identical data.
 */

/** 32-bit FNV-1a: turns a label into a seed so that named sub-streams are independent of each other. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads a small seed over the state words of sfc32. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export interface WeightedChoice<T> {
  readonly value: T;
  readonly weight: number;
}

/** sfc32 (Small Fast Counting, from PractRand): fast, 128-bit state, passes the usual statistical batteries. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    // Discard the first outputs: sfc32 needs a few rounds to mix a fresh state.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent stream named by `label`: adding draws to one stream never shifts another. */
  fork(label: string): Random {
    return new Random((Math.imul(this.seed, 0x9e3779b1) ^ hashLabel(label)) >>> 0);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(choices: readonly WeightedChoice<T>[]): T {
    let total = 0;
    for (const c of choices) total += c.weight;
    let r = this.next() * total;
    for (const c of choices) {
      r -= c.weight;
      if (r < 0) return c.value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last.value;
  }

  /** Picks `count` distinct items (or all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Standard normal by Box–Muller (one of the pair; simplicity beats the saved draw here). */
  normal(mean = 0, sd = 1): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and log-space standard deviation (contract values, durations). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return -Math.log(u) * mean;
  }

  /**
   * A version-7 UUID (RFC 9562: 48-bit Unix ms timestamp, then random bits) for `epochMs`. Rows created in
   * time order then insert near the end of their id index instead of all over it, which makes loading the
   * large data set several times faster, and ids sort by creation time.
   */
  uuidAt(epochMs: number): string {
    const ms = Math.max(0, Math.floor(epochMs));
    const high = Math.floor(ms / 0x10000); // top 32 bits of the 48-bit timestamp
    const low = ms % 0x10000;
    const w1 = this.nextUint32();
    const w2 = this.nextUint32();
    const w3 = this.nextUint32();
    const b8 = ((w2 >>> 24) & 0x3f) | 0x80;
    return (
      HEX[(high >>> 24) & 0xff]! +
      HEX[(high >>> 16) & 0xff]! +
      HEX[(high >>> 8) & 0xff]! +
      HEX[high & 0xff]! +
      '-' +
      HEX[low >>> 8]! +
      HEX[low & 0xff]! +
      '-' +
      HEX[0x70 | ((w1 >>> 8) & 0x0f)]! +
      HEX[w1 & 0xff]! +
      '-' +
      HEX[b8]! +
      HEX[(w2 >>> 16) & 0xff]! +
      '-' +
      HEX[(w2 >>> 8) & 0xff]! +
      HEX[w2 & 0xff]! +
      HEX[w3 >>> 24]! +
      HEX[(w3 >>> 16) & 0xff]! +
      HEX[(w3 >>> 8) & 0xff]! +
      HEX[w3 & 0xff]!
    );
  }

  /** A version-4 UUID drawn from this stream, so ids are as deterministic as everything else. */
  uuid(): string {
    const w0 = this.nextUint32();
    const w1 = this.nextUint32();
    const w2 = this.nextUint32();
    const w3 = this.nextUint32();
    const b6 = ((w1 >>> 8) & 0x0f) | 0x40; // version 4
    const b8 = ((w2 >>> 24) & 0x3f) | 0x80; // RFC 4122 variant
    return (
      HEX[w0 >>> 24]! +
      HEX[(w0 >>> 16) & 0xff]! +
      HEX[(w0 >>> 8) & 0xff]! +
      HEX[w0 & 0xff]! +
      '-' +
      HEX[w1 >>> 24]! +
      HEX[(w1 >>> 16) & 0xff]! +
      '-' +
      HEX[b6]! +
      HEX[w1 & 0xff]! +
      '-' +
      HEX[b8]! +
      HEX[(w2 >>> 16) & 0xff]! +
      '-' +
      HEX[(w2 >>> 8) & 0xff]! +
      HEX[w2 & 0xff]! +
      HEX[w3 >>> 24]! +
      HEX[(w3 >>> 16) & 0xff]! +
      HEX[(w3 >>> 8) & 0xff]! +
      HEX[w3 & 0xff]!
    );
  }
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
