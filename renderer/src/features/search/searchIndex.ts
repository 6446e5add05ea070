import MiniSearch, { type SearchResult } from 'minisearch';

/**
 * The worker's full-text index: MiniSearch (a well-kept library) behind the few calls the worker needs, plus each
 * document's kind and metadata kept beside it, so a hit comes back with what the result list shows. Type-ahead
 * matches the last word as a prefix; typo tolerance is a separate, opt-in pass (the worker asks for it only when
 * exact and prefix matching find almost nothing), because fuzzy expansion is what makes a query slow at 500,000
 * documents.
 */

export interface IndexDoc<K extends string, M> {
  kind: K;
  title: string;
  text: string;
  /** Kept with the document and handed back with each hit. */
  meta: M;
}

export interface SearchQueryOptions<K extends string> {
  kinds?: readonly K[];
  combineWith?: 'AND' | 'OR';
  /** Also match words one edit away (two for long words); words shorter than 5 letters never do. */
  fuzzy?: boolean;
}

export interface RankedHits<K extends string, M> {
  /** Best first. */
  readonly length: number;
  key(i: number): string;
  kind(i: number): K;
  meta(i: number): M;
  score(i: number): number;
  /** Index words that matched the query (for snippets). */
  readonly terms: readonly string[];
}

interface Indexed {
  key: string;
  title: string;
  text: string;
}

/** A word in a ticket's subject says more than one in a long message. */
const titleBoost = 3;

export class SearchIndex<K extends string, M> {
  private readonly mini = new MiniSearch<Indexed>({
    idField: 'key',
    fields: ['title', 'text'],
    storeFields: [],
  });
  private readonly docs = new Map<string, { kind: K; meta: M }>();

  get size(): number {
    return this.docs.size;
  }

  has(key: string): boolean {
    return this.docs.has(key);
  }

  /** Adds a document, replacing the one with the same key. */
  add(key: string, doc: IndexDoc<K, M>): void {
    this.remove(key);
    this.mini.add({ key, title: doc.title, text: doc.text });
    this.docs.set(key, { kind: doc.kind, meta: doc.meta });
  }

  remove(key: string): void {
    if (!this.docs.delete(key)) return;
    // discard() is O(1); MiniSearch vacuums the dead postings in the background once enough have piled up.
    this.mini.discard(key);
  }

  search(query: string, options: SearchQueryOptions<K> = {}): RankedHits<K, M> {
    const kinds = options.kinds ? new Set<string>(options.kinds) : null;
    const results: SearchResult[] = this.mini.search(query, {
      boost: { title: titleBoost },
      combineWith: options.combineWith ?? 'AND',
      prefix: (_term, i, terms) => i === terms.length - 1,
      fuzzy: options.fuzzy ? (term) => (term.length >= 5 ? (term.length >= 10 ? 2 : 1) : false) : false,
      ...(kinds ? { filter: (r) => kinds.has(this.docs.get(String(r.id))?.kind ?? '') } : {}),
    });
    const docs = this.docs;
    const terms = new Set<string>();
    for (const r of results.slice(0, 50)) for (const t of r.terms) terms.add(t);
    return {
      length: results.length,
      key: (i) => String(results[i]!.id),
      kind: (i) => docs.get(String(results[i]!.id))!.kind,
      meta: (i) => docs.get(String(results[i]!.id))!.meta,
      score: (i) => results[i]!.score,
      terms: [...terms],
    };
  }
}
