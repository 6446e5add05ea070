import { SearchIndex, type IndexDoc } from './searchIndex';

/**
 * One full-text index per kind of document (tickets, threads, accounts, articles) rather than one for all: a
 * query then ranks each kind on its own and keeps just the few best of each that the result list shows. With a
 * single index, every match of every kind (tens of thousands for a common word) was ranked together and walked
 * to fill each group, and the small groups (accounts, articles) waited on the message postings.
 */
export interface KindHit<K extends string, M> {
  kind: K;
  key: string;
  meta: M;
  score: number;
  /** Index words that matched the query in this kind's best hits (for snippets). */
  terms: readonly string[];
}

export interface KindSearchOptions<K extends string> {
  kinds?: readonly K[];
  limitPerKind: number;
  combineWith?: 'AND' | 'OR';
  /** Below this many matches in all kinds together, search again tolerating typos. */
  fuzzyBelow: number;
}

export class KindIndexes<K extends string, M> {
  private readonly byKind = new Map<K, SearchIndex<K, M>>();

  constructor(readonly kinds: readonly K[]) {
    for (const kind of kinds) this.byKind.set(kind, new SearchIndex<K, M>());
  }

  get size(): number {
    let n = 0;
    for (const index of this.byKind.values()) n += index.size;
    return n;
  }

  add(kind: K, key: string, doc: Omit<IndexDoc<K, M>, 'kind'>): void {
    this.indexOf(kind).add(key, { ...doc, kind });
  }

  remove(kind: K, key: string): void {
    this.indexOf(kind).remove(key);
  }

  /** The best `limitPerKind` hits of each kind asked for, kinds in the order given, best first within a kind. */
  search(query: string, options: KindSearchOptions<K>): KindHit<K, M>[] {
    const kinds = options.kinds ?? this.kinds;
    const run = (fuzzy: boolean) => kinds.map((kind) => ({ kind, ranked: this.indexOf(kind).search(query, { combineWith: options.combineWith ?? 'AND', fuzzy }) }));
    let perKind = run(false);
    if (perKind.reduce((n, k) => n + k.ranked.length, 0) < options.fuzzyBelow) perKind = run(true);
    const hits: KindHit<K, M>[] = [];
    for (const { kind, ranked } of perKind) {
      for (let i = 0; i < Math.min(ranked.length, options.limitPerKind); i++) {
        hits.push({ kind, key: ranked.key(i), meta: ranked.meta(i), score: ranked.score(i), terms: ranked.terms });
      }
    }
    return hits;
  }

  private indexOf(kind: K): SearchIndex<K, M> {
    const index = this.byKind.get(kind);
    if (!index) throw new Error(`no search index for kind ${kind}`);
    return index;
  }
}
