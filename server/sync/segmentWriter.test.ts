import { describe, expect, it } from 'vitest';
import { inKeyOrder } from './segmentWriter';

describe('inKeyOrder (the order check of segments SQLite folds without ORDER BY)', () => {
  it('accepts keys in strictly ascending order, as many as the segment has records', () => {
    expect(inKeyOrder('a\nb\nc', 3)).toBe(true);
    expect(inKeyOrder('only', 1)).toBe(true);
    expect(inKeyOrder('a\nab\nb', 3)).toBe(true);
  });

  it('refuses keys out of order, repeated, or more or fewer than the records', () => {
    expect(inKeyOrder('b\na', 2)).toBe(false);
    expect(inKeyOrder('a\na', 2)).toBe(false);
    expect(inKeyOrder('ab\na', 2)).toBe(false);
    // A key holding the separator splits into too many.
    expect(inKeyOrder('a\nb\nc', 2)).toBe(false);
    expect(inKeyOrder('a\nb', 3)).toBe(false);
  });

  it('compares as SQLite does (UTF-8 bytes: code points), not as UTF-16 code units', () => {
    // U+FF21 is below U+1F600 in code points (and UTF-8), above its surrogates in UTF-16.
    expect(inKeyOrder('\uff21\n😀', 2)).toBe(true);
    expect(inKeyOrder('😀\n\uff21', 2)).toBe(false);
    expect(inKeyOrder('\u00e9\n\ud7ff\n\ue000\n\uffff\n😀\n\u{10ffff}', 6)).toBe(true);
  });
});
