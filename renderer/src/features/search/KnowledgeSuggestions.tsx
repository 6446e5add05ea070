import { useMemo } from 'react';
import type { Ticket } from '../../../../shared/domain';
import { useDrafts, emptyDraft } from '../ticket/drafts';
import { useArticlesById } from '../ticket/queries';
import { useSearch } from './searchClient';

/** Stop words would make every subject match every article. */
const stop = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'is', 'are', 'not', 'with', 'after', 'from', 'our', 'we', 'it', 'when', 'at', 'by', 'be', 'can', 'cannot', "can't", 'no']);

/** Tier 0: articles suggested from the ticket's subject, insertable into the reply as links. */
export function KnowledgeSuggestions({ ticket }: { ticket: Ticket }) {
  const query = useMemo(
    () =>
      ticket.subject
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 2 && !stop.has(w))
        .slice(0, 6)
        .join(' '),
    [ticket.subject],
  );
  // OR across the subject's words: any strong term is enough for a suggestion.
  const { hits } = useSearch(query, { kinds: ['article'], limitPerKind: 4, combineWith: 'OR' });
  const articles = useArticlesById();
  const update = useDrafts((s) => s.update);

  return (
    <section className="section" aria-labelledby="kb-title">
      <h2 id="kb-title" className="section-title">
        Suggested articles
      </h2>
      {hits.length === 0 ? (
        <p className="faint small">No matching articles.</p>
      ) : (
        <ul className="list-plain">
          {hits.map((h) => {
            const a = articles.get(h.id);
            return (
              <li key={h.id}>
                <div className="row">
                  <span className="grow small" title={h.snippet}>
                    {h.title}
                  </span>
                  {a?.visibility === 'internal' && <span className="badge internal">Internal</span>}
                  <button
                    type="button"
                    className="small"
                    aria-label={`Insert link to “${h.title}” into the reply`}
                    onClick={() => {
                      const d = useDrafts.getState().drafts[ticket.id] ?? emptyDraft;
                      const link = a?.url ? `${h.title}: ${a.url}` : h.title;
                      update(ticket.id, { text: d.text ? `${d.text}\n${link}` : link });
                    }}
                  >
                    Insert
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
