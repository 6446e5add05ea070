import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { navigate, routeHref, type Route } from '../../app/router';
import { ArticleDialog } from './ArticleDialog';
import type { SearchHit, SearchKind } from './searchProtocol';
import { useSearch, useSearchStatus } from './searchClient';

const groups: Array<{ kind: SearchKind; label: string }> = [
  { kind: 'ticket', label: 'Tickets' },
  { kind: 'message', label: 'Messages' },
  { kind: 'account', label: 'Accounts' },
  { kind: 'article', label: 'Knowledge articles' },
];

function routeOf(hit: SearchHit): Route | null {
  switch (hit.kind) {
    case 'ticket':
    case 'message':
      return hit.ticketId ? { name: 'ticket', ticketId: hit.ticketId } : null;
    case 'account':
      return { name: 'account', accountId: hit.id };
    case 'article':
      return null;
    default: {
      const unreachable: never = hit.kind;
      return unreachable;
    }
  }
}

export function SearchPage({ initialQuery }: { initialQuery: string }) {
  const [query, setQuery] = useState(initialQuery);
  const deferred = useDeferredValue(query);
  const { hits, tookMs, loading: answering } = useSearch(deferred, { limitPerKind: 10 });
  // Until the deferred query catches up, the hits on screen belong to an earlier query.
  const loading = answering || deferred !== query;
  const status = useSearchStatus();
  const [articleId, setArticleId] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  // Keep the query in the address so Back returns to the results.
  useEffect(() => {
    const handle = window.setTimeout(() => navigate({ name: 'search', query }, { replace: true }), 300);
    return () => window.clearTimeout(handle);
  }, [query]);

  const focusFirstResult = () => (document.querySelector('.results-group a') as HTMLElement | null)?.focus();

  return (
    <div className="page page-narrow" role="search" aria-label="Search tickets, messages, accounts and articles" data-results-for={loading ? undefined : query}>
      <label htmlFor="search-input" className="visually-hidden">
        Search
      </label>
      <input
        id="search-input"
        ref={inputRef}
        className="search-box"
        type="search"
        placeholder="Search tickets, messages, accounts, knowledge…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            focusFirstResult();
          } else if (e.key === 'Escape') {
            history.back();
          }
        }}
      />
      <p className="small muted" role="status" aria-live="polite" style={{ marginTop: 6 }}>
        {status.state === 'indexing' || status.state === 'idle'
          ? 'Building the offline search index…'
          : query.trim()
            ? loading
              ? 'Searching…'
              : `${hits.length} results in ${tookMs} ms · ${status.documents.toLocaleString()} documents indexed offline`
            : `${status.documents.toLocaleString()} documents indexed offline`}
      </p>
      {groups.map(({ kind, label }) => {
        const list = hits.filter((h) => h.kind === kind);
        if (list.length === 0) return null;
        return (
          <section key={kind} className="results-group" aria-labelledby={`results-${kind}`}>
            <h2 id={`results-${kind}`}>
              {label} ({list.length})
            </h2>
            <ul>
              {list.map((h) => {
                const route = routeOf(h);
                return (
                  <li key={`${h.kind}:${h.id}`}>
                    <a
                      href={route ? routeHref(route) : routeHref({ name: 'search', query })}
                      onClick={(e) => {
                        // Articles have no screen of their own: they open over the results.
                        if (!route) {
                          e.preventDefault();
                          setArticleId(h.id);
                        }
                      }}
                      onKeyDown={(e) => {
                        const items = [...document.querySelectorAll<HTMLElement>('.results-group a')];
                        const i = items.indexOf(e.currentTarget);
                        if (e.key === 'ArrowDown' || e.key === 'j') {
                          e.preventDefault();
                          items[i + 1]?.focus();
                        } else if (e.key === 'ArrowUp' || e.key === 'k') {
                          e.preventDefault();
                          (items[i - 1] ?? inputRef.current)?.focus();
                        }
                      }}
                    >
                      <div>{h.title || (h.kind === 'message' ? 'Message' : h.id)}</div>
                      {h.snippet && <div className="snippet">{h.snippet}</div>}
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {query.trim() && !loading && hits.length === 0 && status.state === 'ready' && <p className="empty">Nothing found for “{query}”.</p>}
      {articleId && <ArticleDialog articleId={articleId} onClose={() => setArticleId(null)} />}
    </div>
  );
}
