import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SearchHit, SearchKind, SearchRequest, SearchResponse } from './searchProtocol';

/** One search worker per window, started on first use. */
let worker: Worker | null = null;
let nextRequest = 1;
const waiting = new Map<number, (r: { hits: SearchHit[]; tookMs: number }) => void>();
/** `revision` counts index updates, so that results on screen are re-queried when the index changes under them. */
let status: { state: 'idle' | 'indexing' | 'ready'; documents: number; revision: number; tookMs?: number } = { state: 'idle', documents: 0, revision: 0 };
const statusListeners = new Set<() => void>();

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'accord-search' });
  worker.onmessage = (e: MessageEvent<SearchResponse>) => {
    const msg = e.data;
    if (msg.type === 'results') {
      waiting.get(msg.requestId)?.({ hits: msg.hits, tookMs: msg.tookMs });
      waiting.delete(msg.requestId);
    } else {
      status = { state: msg.state, documents: msg.documents, revision: status.revision + 1, ...(msg.tookMs !== undefined ? { tookMs: msg.tookMs } : {}) };
      for (const l of statusListeners) l();
    }
  };
  return worker;
}

export function search(query: string, opts: { kinds?: SearchKind[]; limitPerKind?: number; combineWith?: 'AND' | 'OR' } = {}): Promise<{ hits: SearchHit[]; tookMs: number }> {
  const w = ensureWorker();
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    const req: SearchRequest = { type: 'query', requestId, query, ...opts };
    w.postMessage(req);
  });
}

export function stopSearchWorker(): void {
  worker?.terminate();
  worker = null;
  status = { state: 'idle', documents: 0, revision: 0 };
}

export function useSearchStatus() {
  ensureWorker();
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}

/**
 * Results for a query; only the latest query's answer is kept. The query runs again whenever the index changes
 * (sync brought new rows, or the first build finished), so results never stay stale on screen.
 */
export function useSearch(query: string, opts: { kinds?: SearchKind[]; limitPerKind?: number; combineWith?: 'AND' | 'OR' } = {}): { hits: SearchHit[]; tookMs: number; loading: boolean } {
  const [state, setState] = useState<{ q: string; hits: SearchHit[]; tookMs: number }>({ q: '', hits: [], tookMs: 0 });
  const kindsKey = opts.kinds?.join(',') ?? '';
  const revision = useSearchStatus().revision;
  useEffect(() => {
    let live = true;
    if (!query.trim()) {
      setState({ q: query, hits: [], tookMs: 0 });
      return;
    }
    void search(query, opts).then((r) => live && setState({ q: query, ...r }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, kindsKey, opts.limitPerKind, revision]);
  return { hits: state.hits, tookMs: state.tookMs, loading: state.q !== query };
}
