import { Dialog } from '../../ui/Dialog';
import { useArticlesById } from '../ticket/queries';

/**
 * A knowledge article opened from search, read from the local cache. The body is shown as plain text (it is
 * never parsed as HTML); the public link is what an agent pastes into a reply.
 */
export function ArticleDialog({ articleId, onClose }: { articleId: string; onClose: () => void }) {
  const article = useArticlesById().get(articleId);
  return (
    <Dialog open title={article?.title ?? 'Knowledge article'} onClose={onClose}>
      <div className="dialog-body">
        {article ? (
          <>
            <p className="row small" style={{ gap: 8 }}>
              <span className={`badge${article.visibility === 'internal' ? ' internal' : ''}`}>{article.visibility === 'internal' ? 'Internal' : 'Public'}</span>
              {article.tags.map((t) => (
                <span key={t} className="chip">
                  {t}
                </span>
              ))}
            </p>
            <article aria-label="Article text" style={{ whiteSpace: 'pre-wrap', maxHeight: '60vh', overflow: 'auto' }}>
              {article.body}
            </article>
            {article.visibility === 'public' && article.url && <p className="mono xsmall muted" style={{ overflowWrap: 'anywhere' }}>{article.url}</p>}
          </>
        ) : (
          <p className="muted">This article is not in your local cache.</p>
        )}
      </div>
    </Dialog>
  );
}
