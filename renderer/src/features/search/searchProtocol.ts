/** Messages between the UI and the search worker. */
export type SearchKind = 'ticket' | 'message' | 'account' | 'article';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  /** Ticket to open for ticket and message hits. */
  ticketId?: string;
  title: string;
  snippet: string;
  score: number;
}

export type SearchRequest =
  | { type: 'query'; requestId: number; query: string; kinds?: SearchKind[]; limitPerKind?: number; combineWith?: 'AND' | 'OR' }
  | { type: 'reindex' };

export type SearchResponse =
  | { type: 'results'; requestId: number; hits: SearchHit[]; tookMs: number }
  | { type: 'status'; state: 'indexing' | 'ready'; documents: number; tookMs?: number };
