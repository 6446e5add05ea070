/**
 * Sets of ticket numbers as sorted, disjoint `[from, to]` ranges (both ends included): the bootstrap names the
 * tickets whose detail loads lazily this way, because they come in long runs (old closed tickets).
 */
export type TicketNumberRanges = ReadonlyArray<readonly [number, number]>;

/** Ranges of the given numbers (any order, duplicates allowed); only consecutive numbers are merged. */
export function toTicketNumberRanges(numbers: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}

/** Whether `n` lies in one of the ranges (binary search). */
export function inTicketNumberRanges(ranges: TicketNumberRanges, n: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = ranges[mid]!;
    if (n < from) hi = mid - 1;
    else if (n > to) lo = mid + 1;
    else return true;
  }
  return false;
}
