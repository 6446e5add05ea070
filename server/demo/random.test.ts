import { describe, expect, it } from 'vitest';
import { idSchema } from '../../shared/domain/primitives';
import { Random } from './random';

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 100 }, () => a.nextUint32());
    const seqB = Array.from({ length: 100 }, () => b.nextUint32());
    const seqC = Array.from({ length: 100 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('forks independent named streams that do not depend on draws from the parent', () => {
    const a = new Random(7);
    const b = new Random(7);
    b.next();
    b.next();
    expect(a.fork('tickets').nextUint32()).toBe(b.fork('tickets').nextUint32());
    expect(a.fork('tickets').nextUint32()).not.toBe(a.fork('text').nextUint32());
  });

  it('draws uniform floats in [0, 1) with a plausible mean', () => {
    const r = new Random(1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(r.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('picks by weight', () => {
    const r = new Random(5);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (r.weighted([{ value: 'a', weight: 9 }, { value: 'b', weight: 1 }]) === 'a') heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.87);
    expect(heavy / 10_000).toBeLessThan(0.93);
  });

  it('draws log-normal values around the requested median', () => {
    const r = new Random(9);
    const xs = Array.from({ length: 10_001 }, () => r.logNormal(1000, 0.5)).sort((x, y) => x - y);
    const median = xs[5000]!;
    expect(median).toBeGreaterThan(950);
    expect(median).toBeLessThan(1050);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(median); // right skew
  });

  it('makes valid, deterministic v4 and v7 UUIDs; v7 ids sort by their timestamp', () => {
    const r = new Random(11);
    const v4 = r.uuid();
    expect(idSchema.safeParse(v4).success).toBe(true);
    expect(v4[14]).toBe('4');
    expect(new Random(11).uuid()).toBe(v4);
    const early = r.uuidAt(Date.UTC(2025, 0, 1));
    const late = r.uuidAt(Date.UTC(2025, 0, 1, 0, 0, 1));
    for (const id of [early, late]) {
      expect(idSchema.safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(early < late).toBe(true);
    expect(parseInt(early.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2025, 0, 1));
  });
});
