import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inTicketNumberRanges, toTicketNumberRanges } from './ticketRanges';

describe('ticket number ranges', () => {
  it('merges only consecutive numbers', () => {
    expect(toTicketNumberRanges([5, 1, 2, 3, 7, 8, 3])).toEqual([
      [1, 3],
      [5, 5],
      [7, 8],
    ]);
    expect(toTicketNumberRanges([])).toEqual([]);
  });

  it('holds exactly the numbers it was built from', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 })), fc.integer({ min: 0, max: 310 }), (numbers, probe) => {
        const ranges = toTicketNumberRanges(numbers);
        expect(inTicketNumberRanges(ranges, probe)).toBe(numbers.includes(probe));
      }),
    );
  });
});
