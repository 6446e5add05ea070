import { cmp, type IntervalTree } from 'dexie';

/**
 * The primary keys a Dexie `storagemutated` tree names, or null when it names a real range (a clear(), or a bulk
 * write Dexie reports as the whole table): then the reader must assume everything changed.
 */
export function mutatedKeys(tree: IntervalTree | null | undefined): string[] | null {
  const keys: string[] = [];
  const walk = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !('from' in node)) return true;
    if (cmp(node.from, node.to) !== 0) return false;
    keys.push(String(node.from));
    return walk(node.l) && walk(node.r);
  };
  return walk(tree) ? keys : null;
}
