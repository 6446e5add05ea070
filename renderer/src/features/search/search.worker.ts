/// <reference lib="webworker" />
import Dexie, { type Collection, type ObservabilitySet } from 'dexie';
import { AccordDb, type ThreadRow } from '../../data/db';
import { mutatedKeys } from '../../data/mutatedKeys';
import { bulkGetStoredRows, changedSegmentTables, isSegmented, scanStoredRows, segmentsTouch } from '../../data/segments';
import type { SearchHit, SearchKind, SearchRequest, SearchResponse } from './searchProtocol';
import { KindIndexes } from './kindIndexes';

/**
 * Offline full-text search in a worker: it opens the same IndexedDB cache itself (no rows are posted across),
 * builds one index per kind — tickets, threads (a ticket's messages are one document: the results show one
 * message per ticket anyway), accounts and knowledge articles — in chunks, and keeps them current from Dexie's
 * cross-context change notifications. The UI thread never blocks on indexing.
 */
declare const self: DedicatedWorkerGlobalScope;

interface DocMeta {
  id: string;
  ticketId?: string;
  title: string;
  /** Text for the snippet; threads leave it out (300,000 message bodies) and are re-read for the few hits shown. */
  text?: string;
}

const kinds: readonly SearchKind[] = ['ticket', 'message', 'account', 'article'];
const db = new AccordDb();
let index = new KindIndexes<SearchKind, DocMeta>(kinds);
/** Below this many hits, a second pass also tries words one typo away. */
const FUZZY_BELOW = 5;
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

function messageText(r: Record<string, unknown>): string {
  return (r.bodyFormat === 'html' ? stripHtml(String(r.body)) : String(r.body)).slice(0, 4000);
}

const kindOfTable: Record<string, SearchKind> = { tickets: 'ticket', threads: 'message', accounts: 'account', knowledge_articles: 'article' };
/** Messages are stored one record per ticket (its thread), keyed by the ticket id. */
const threadsTable = 'threads';

/** A thread's searchable text: its messages (system events say nothing a customer or agent wrote). */
function threadText(thread: ThreadRow): string {
  return thread.messages
    .filter((m) => m.kind !== 'system_event')
    .map((m) => messageText(m as unknown as Record<string, unknown>))
    .join('\n');
}

function docOf(table: string, r: Record<string, unknown>): { title: string; text: string; meta: DocMeta } | null {
  const id = String(r.id);
  switch (table) {
    case 'tickets': {
      const title = `${r.number ? `#${r.number} ` : ''}${r.subject}`;
      ticketTitles.set(id, title);
      const text = ((r.tags as string[]) ?? []).join(' ');
      return { title, text, meta: { id, ticketId: id, title, text } };
    }
    case threadsTable: {
      const ticketId = String(r.ticketId);
      const text = threadText(r as unknown as ThreadRow);
      // The hit's id becomes the matching message's once the thread is read for the snippet.
      return text ? { title: '', text, meta: { id: ticketId, ticketId, title: '' } } : null;
    }
    case 'accounts': {
      const text = `${r.domain} ${r.region} ${r.plan}`;
      return { title: String(r.name), text, meta: { id, title: String(r.name), text } };
    }
    case 'knowledge_articles': {
      const text = `${((r.tags as string[]) ?? []).join(' ')} ${String(r.body).slice(0, 6000)}`;
      return { title: String(r.title), text, meta: { id, title: String(r.title), text } };
    }
    default:
      return null;
  }
}

/** The row's primary key: threads are keyed by their ticket. */
function keyOf(table: string, row: Record<string, unknown>): string {
  return String(table === threadsTable ? row.ticketId : row.id);
}

function addRow(table: string, row: unknown): void {
  const r = row as Record<string, unknown>;
  const kind = kindOfTable[table]!;
  const doc = docOf(table, r);
  if (doc) index.add(kind, keyOf(table, r), doc);
  else index.remove(kind, keyOf(table, r));
}

const tables = ['knowledge_articles', 'accounts', 'tickets', threadsTable] as const;

let buildGeneration = 0;

async function buildIndex(): Promise<void> {
  const t0 = performance.now();
  const generation = ++buildGeneration;
  ready = false;
  // A fresh index (rather than emptying the old one) also drops the postings of replaced documents.
  index = new KindIndexes<SearchKind, DocMeta>(kinds);
  post({ type: 'status', state: 'indexing', documents: 0 });
  for (const table of tables) {
    if (isSegmented(table)) {
      // The snapshot's rows, packed (data/segments.ts), and the rows written since; page by page.
      await scanStoredRows(db, table, (rows) => {
        if (generation !== buildGeneration) return false;
        for (const row of rows) addRow(table, row);
      });
      if (generation !== buildGeneration) return;
      continue;
    }
    // Chunked by primary key so memory stays flat.
    let last: string | null = null;
    for (;;) {
      const coll: Collection = last === null ? db.table(table).orderBy(':id') : db.table(table).where(':id').above(last);
      const rows: unknown[] = await coll.limit(5000).toArray();
      // A newer build (reindex, or a change too big to patch) took over.
      if (generation !== buildGeneration) return;
      if (rows.length === 0) break;
      for (const row of rows) addRow(table, row);
      last = keyOf(table, rows[rows.length - 1] as Record<string, unknown>);
      if (rows.length < 5000) break;
    }
  }
  ready = true;
  post({ type: 'status', state: 'ready', documents: index.size, tookMs: Math.round(performance.now() - t0) });
  if (pendingQuery) {
    const q = pendingQuery;
    pendingQuery = null;
    void runQuery(q);
  }
}

async function runQuery(req: Extract<SearchRequest, { type: 'query' }>): Promise<void> {
  const t0 = performance.now();
  const q = req.query.trim();
  const limit = req.limitPerKind ?? 8;
  const hits: SearchHit[] = [];
  const snippetTerms: Array<readonly string[]> = [];
  if (q.length > 0) {
    // Exact words and the word being typed as a prefix first; typo tolerance only when that finds (almost) nothing.
    const found = index.search(q, { ...(req.kinds ? { kinds: req.kinds } : {}), limitPerKind: limit, combineWith: req.combineWith ?? 'AND', fuzzyBelow: FUZZY_BELOW });
    for (const hit of found) {
      const { meta, kind } = hit;
      const title = kind === 'message' ? (ticketTitles.get(String(meta.ticketId)) ?? 'Message') : meta.title;
      hits.push({ kind, id: meta.id, ...(meta.ticketId ? { ticketId: meta.ticketId } : {}), title, snippet: meta.text ?? '', score: hit.score });
      snippetTerms.push(hit.terms);
    }
    // Message bodies are not kept in memory: read the threads of the few shown and pick the message that matched.
    const messageHits = hits.map((h, i) => ({ h, terms: snippetTerms[i]! })).filter(({ h }) => h.kind === 'message');
    if (messageHits.length > 0) {
      const threads = await bulkGetStoredRows<ThreadRow>(db, threadsTable, messageHits.map(({ h }) => String(h.ticketId)));
      threads.forEach((thread, i) => {
        const { h, terms } = messageHits[i]!;
        const message = thread ? matchingMessage(thread, terms) : undefined;
        if (message) h.id = message.id;
        h.snippet = message ? messageText(message as unknown as Record<string, unknown>) : '';
      });
    }
    hits.forEach((h, i) => (h.snippet = snippetOf(h.snippet, snippetTerms[i]!)));
  }
  post({ type: 'results', requestId: req.requestId, hits, tookMs: Math.round((performance.now() - t0) * 10) / 10 });
}

/** The message of a thread that holds the most of the matched words (the newest among equals). */
function matchingMessage(thread: ThreadRow, terms: readonly string[]): ThreadRow['messages'][number] | undefined {
  let best: ThreadRow['messages'][number] | undefined;
  let bestCount = -1;
  for (const m of thread.messages) {
    if (m.kind === 'system_event') continue;
    const text = messageText(m as unknown as Record<string, unknown>).toLowerCase();
    const count = terms.filter((t) => text.includes(t)).length;
    if (count >= bestCount) {
      best = m;
      bestCount = count;
    }
  }
  return best;
}

function snippetOf(text: string, terms: readonly string[]): string {
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
    // A snapshot writes segments chunk after chunk: build once it has gone quiet.
    if (table === 'segments' && idx === '') {
      const segments = changedSegmentTables(parts, db.name);
      if (tables.some((t) => isSegmented(t) && segmentsTouch(segments, t))) rebuildWhenQuiet();
      continue;
    }
    if (!table || !(tables as readonly string[]).includes(table) || (idx !== '' && idx !== ':dels')) continue;
    const keys = mutatedKeys(tree);
    if (keys === null || keys.length > 20_000) {
      void buildIndex();
      return;
    }
    const set = changed.get(table) ?? new Set<string>();
    for (const k of keys) set.add(k);
    changed.set(table, set);
  }
  if (changed.size > 0) timer ??= setTimeout(() => void applyChanges(), 250);
});

let quietTimer: ReturnType<typeof setTimeout> | null = null;
function rebuildWhenQuiet(): void {
  if (quietTimer !== null) clearTimeout(quietTimer);
  quietTimer = setTimeout(() => {
    quietTimer = null;
    void buildIndex();
  }, 1500);
}

async function applyChanges(): Promise<void> {
  timer = null;
  if (!ready) {
    // Changes to rows the running build has already read must not be lost: apply them once it is done.
    timer = setTimeout(() => void applyChanges(), 250);
    return;
  }
  const batch = changed;
  changed = new Map();
  for (const [table, ids] of batch) {
    const list = [...ids];
    const rows = isSegmented(table) ? await bulkGetStoredRows(db, table, list) : await db.table(table).bulkGet(list);
    rows.forEach((row, i) => {
      if (row) addRow(table, row);
      else index.remove(kindOfTable[table]!, list[i]!);
    });
  }
  // Replaced documents' postings are vacuumed by MiniSearch itself.
  post({ type: 'status', state: 'ready', documents: index.size });
}

self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const req = e.data;
  if (req.type === 'reindex') void buildIndex();
  else if (req.type === 'query') {
    if (ready) void runQuery(req);
    else pendingQuery = req;
  }
};

void buildIndex();
