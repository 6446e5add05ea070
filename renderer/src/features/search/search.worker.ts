/// <reference lib="webworker" />
import Dexie, { cmp, type Collection, type ObservabilitySet } from 'dexie';
import MiniSearch from 'minisearch';
import { AccordDb } from '../../data/db';
import type { SearchHit, SearchKind, SearchRequest, SearchResponse } from './searchProtocol';

/**
 * Offline full-text search in a worker: it opens the same IndexedDB cache itself (no rows are posted across),
 * builds one MiniSearch index over tickets, messages, accounts and knowledge articles in chunks, and keeps it
 * current from Dexie's cross-context change notifications. The UI thread never blocks on indexing.
 */
declare const self: DedicatedWorkerGlobalScope;

interface Doc {
  key: string;
  kind: SearchKind;
  id: string;
  ticketId?: string;
  title: string;
  text: string;
}

const db = new AccordDb();
const index = new MiniSearch<Doc>({
  idField: 'key',
  fields: ['title', 'text'],
  storeFields: ['kind', 'id', 'ticketId', 'title', 'text'],
  // Prefix only on the word being typed and fuzziness only for longer words keep queries fast on 500,000 documents.
  searchOptions: {
    boost: { title: 3 },
    prefix: (_term, i, terms) => i === terms.length - 1,
    fuzzy: (term) => (term.length >= 5 ? 0.15 : false),
    combineWith: 'AND',
  },
});
let ready = false;
/** Ticket subjects by id, so a message hit can say which ticket it belongs to. */
const ticketTitles = new Map<string, string>();
let pendingQuery: Extract<SearchRequest, { type: 'query' }> | null = null;

function post(msg: SearchResponse): void {
  self.postMessage(msg);
}

function stripHtml(s: string): string {
  return s.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function docsOf(table: string, rows: unknown[]): Doc[] {
  const out: Doc[] = [];
  for (const r of rows as Array<Record<string, unknown>>) {
    switch (table) {
      case 'tickets':
        ticketTitles.set(String(r.id), `${r.number ? `#${r.number} ` : ''}${r.subject}`);
        out.push({ key: `t:${r.id}`, kind: 'ticket', id: String(r.id), ticketId: String(r.id), title: `${r.number ? `#${r.number} ` : ''}${r.subject}`, text: ((r.tags as string[]) ?? []).join(' ') });
        break;
      case 'messages':
        if (r.kind === 'system_event') break;
        out.push({ key: `m:${r.id}`, kind: 'message', id: String(r.id), ticketId: String(r.ticketId), title: '', text: (r.bodyFormat === 'html' ? stripHtml(String(r.body)) : String(r.body)).slice(0, 4000) });
        break;
      case 'accounts':
        out.push({ key: `a:${r.id}`, kind: 'account', id: String(r.id), title: String(r.name), text: `${r.domain} ${r.region} ${r.plan}` });
        break;
      case 'knowledge_articles':
        out.push({ key: `k:${r.id}`, kind: 'article', id: String(r.id), title: String(r.title), text: `${((r.tags as string[]) ?? []).join(' ')} ${String(r.body).slice(0, 6000)}` });
        break;
    }
  }
  return out;
}

const tables = ['knowledge_articles', 'accounts', 'tickets', 'messages'] as const;

async function buildIndex(): Promise<void> {
  const t0 = performance.now();
  ready = false;
  index.removeAll();
  post({ type: 'status', state: 'indexing', documents: 0 });
  for (const table of tables) {
    // Chunked by primary key so memory stays flat on 400,000 messages.
    let last: string | null = null;
    for (;;) {
      const coll: Collection = last === null ? db.table(table).orderBy(':id') : db.table(table).where(':id').above(last);
      const rows: unknown[] = await coll.limit(5000).toArray();
      if (rows.length === 0) break;
      index.addAll(docsOf(table, rows).filter((d) => !index.has(d.key)));
      last = String((rows[rows.length - 1] as { id: string }).id);
      if (rows.length < 5000) break;
    }
  }
  ready = true;
  post({ type: 'status', state: 'ready', documents: index.documentCount, tookMs: Math.round(performance.now() - t0) });
  if (pendingQuery) {
    const q = pendingQuery;
    pendingQuery = null;
    runQuery(q);
  }
}

function runQuery(req: Extract<SearchRequest, { type: 'query' }>): void {
  const t0 = performance.now();
  const q = req.query.trim();
  const limit = req.limitPerKind ?? 8;
  const kinds = req.kinds ? new Set(req.kinds) : null;
  const hits: SearchHit[] = [];
  if (q.length > 0) {
    const perKind = new Map<SearchKind, number>();
    const seenTicketForMessages = new Set<string>();
    const results = index.search(q, {
      ...(kinds ? { filter: (r) => kinds.has(r.kind as SearchKind) } : {}),
      ...(req.combineWith ? { combineWith: req.combineWith } : {}),
    });
    for (const r of results) {
      const kind = r.kind as SearchKind;
      const n = perKind.get(kind) ?? 0;
      if (n >= limit) continue;
      if (kind === 'message') {
        // One message hit per ticket keeps the list readable.
        if (seenTicketForMessages.has(String(r.ticketId))) continue;
        seenTicketForMessages.add(String(r.ticketId));
      }
      perKind.set(kind, n + 1);
      const title = kind === 'message' ? (ticketTitles.get(String(r.ticketId)) ?? 'Message') : String(r.title);
      hits.push({ kind, id: String(r.id), ...(r.ticketId ? { ticketId: String(r.ticketId) } : {}), title, snippet: snippetOf(String(r.text), r.terms), score: r.score });
    }
  }
  post({ type: 'results', requestId: req.requestId, hits, tookMs: Math.round((performance.now() - t0) * 10) / 10 });
}

function snippetOf(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    at = lower.indexOf(t.toLowerCase());
    if (at >= 0) break;
  }
  const start = Math.max(0, at - 60);
  return (start > 0 ? '…' : '') + text.slice(start, start + 180).trim() + (text.length > start + 180 ? '…' : '');
}

// Incremental updates: re-read just the changed rows of the four indexed tables.
let changed = new Map<string, Set<string>>();
let timer: ReturnType<typeof setTimeout> | null = null;
Dexie.on('storagemutated', (parts: ObservabilitySet) => {
  const prefix = `idb://${db.name}/`;
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const [table, idx = ''] = part.slice(prefix.length).split('/');
    if (!table || !(tables as readonly string[]).includes(table) || (idx !== '' && idx !== ':dels')) continue;
    const keys: string[] = [];
    const walk = (n: unknown): boolean => {
      if (!n || typeof n !== 'object' || !('from' in n)) return true;
      const node = n as { from: unknown; to: unknown; l?: unknown; r?: unknown };
      if (cmp(node.from, node.to) !== 0) return false;
      keys.push(String(node.from));
      return walk(node.l) && walk(node.r);
    };
    if (!walk(tree) || keys.length > 20_000) {
      void buildIndex();
      return;
    }
    const set = changed.get(table) ?? new Set<string>();
    for (const k of keys) set.add(k);
    changed.set(table, set);
  }
  if (changed.size > 0) timer ??= setTimeout(() => void applyChanges(), 250);
});

async function applyChanges(): Promise<void> {
  timer = null;
  if (!ready) return;
  const batch = changed;
  changed = new Map();
  const prefixes: Record<string, string> = { tickets: 't', messages: 'm', accounts: 'a', knowledge_articles: 'k' };
  for (const [table, ids] of batch) {
    const list = [...ids];
    const rows = await db.table(table).bulkGet(list);
    rows.forEach((row, i) => {
      const key = `${prefixes[table]}:${list[i]}`;
      if (index.has(key)) index.discard(key);
      if (row) index.addAll(docsOf(table, [row]));
    });
  }
  post({ type: 'status', state: 'ready', documents: index.documentCount });
}

self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const req = e.data;
  if (req.type === 'reindex') void buildIndex();
  else if (req.type === 'query') {
    if (ready) runQuery(req);
    else pendingQuery = req;
  }
};

void buildIndex();
