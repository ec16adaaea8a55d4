import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, enc } from '../api/http';
import type { Article, ArticlePage, Session } from '../api/types';
import { languageName, useArticleViewer } from '../knowledge/ArticleViewer';
import { AppHeader } from '../ui/AppHeader';
import { SkipLink } from '../ui/SkipLink';
import { formatCount, formatDate } from '../ui/format';
import { AdminNav, useFocusOnArrival } from './AdminNav';

export const PAGE_SIZE = 20;

const count = (n: number) => `${formatCount(n)} article${n === 1 ? '' : 's'}`;

/**
 * The administrator's view of the knowledge base: every article (public and internal), paged and searchable,
 * each opening in the article viewer. Articles are imported through the API; there is no editing here.
 */
export function KnowledgeBasePage({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const token = session.accessToken;
  const [box, setBox] = useState('');
  const [asked, setAsked] = useState({ q: '', page: 0 });
  const [data, setData] = useState<ArticlePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const articles = useArticleViewer(token);
  const previous = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  /** the pager button to focus once the page has loaded, when the one pressed is then disabled */
  const refocus = useRef<HTMLButtonElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  useEffect(() => {
    const ctrl = new AbortController();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the page asked for is loading: say so at once
    setLoading(true);
    setError('');
    api<ArticlePage>(`/api/knowledge/articles?page=${asked.page}&size=${PAGE_SIZE}&q=${enc(asked.q)}`, {
      token,
      signal: ctrl.signal,
    })
      .then((p) => {
        const items = Array.isArray(p?.items) ? p.items : [];
        setData({ items, page: p?.page ?? asked.page, size: p?.size || PAGE_SIZE, total: p?.total ?? items.length });
      })
      .catch((e: Error) => {
        if (!ctrl.signal.aborted) setError(e.message);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [asked, token]);

  useEffect(() => {
    if (!loading && refocus.current) {
      refocus.current.focus();
      refocus.current = null;
    }
  }, [loading]);

  const pages = data ? Math.max(1, Math.ceil(data.total / (data.size || PAGE_SIZE))) : 1;
  const page = data?.page ?? 0;

  const search = (ev: FormEvent) => {
    ev.preventDefault();
    setAsked({ q: box.trim(), page: 0 });
  };
  const go = (to: number) => {
    if (loading || to < 0 || to >= pages) return;
    refocus.current = to === 0 ? next.current : to === pages - 1 ? previous.current : null;
    setAsked((a) => ({ ...a, page: to }));
  };

  let status = 'Loading articles…';
  if (error) status = '';
  else if (data && !loading) {
    status = asked.q ? `${count(data.total)} matching “${asked.q}”` : count(data.total);
    if (pages > 1) status += `, page ${page + 1} of ${pages}`;
  }

  return (
    <div className="app admin">
      <SkipLink target="kb-search">Skip to search</SkipLink>
      <AppHeader who="Administrator" onSignOut={onSignOut}>
        <AdminNav current="knowledge" />
      </AppHeader>
      <main className="kb" id="main">
        <div className="kb-head">
          <h1 ref={heading} tabIndex={-1}>
            Knowledge base
          </h1>
          <form role="search" className="kb-search" onSubmit={search}>
            <label htmlFor="kb-search" className="sr-only">
              Search articles
            </label>
            <input
              id="kb-search"
              type="search"
              value={box}
              maxLength={300}
              placeholder="Search articles"
              onChange={(e) => setBox(e.target.value)}
            />
            <button type="submit" className="btn btn-primary">
              Search
            </button>
          </form>
        </div>
        <p className="kb-count muted" role="status">
          {status}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {data && data.items.length === 0 && !loading && !error && (
          <p className="empty">
            {asked.q ? 'No article matches this search.' : 'No articles yet. Articles are imported through the API.'}
          </p>
        )}
        {data && data.items.length > 0 && (
          <div className="table-wrap" aria-busy={loading || undefined}>
            <table className="kb-table">
              <caption className="sr-only">Articles{pages > 1 ? `, page ${page + 1} of ${pages}` : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Language</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <Row
                    key={a.id}
                    article={a}
                    onOpen={(from) => articles.open({ articleId: a.id, title: a.title }, from)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav className="pager" aria-label="Pages">
            <button
              ref={previous}
              type="button"
              className="btn btn-secondary"
              onClick={() => go(page - 1)}
              disabled={page <= 0}>
              Previous
            </button>
            <span>
              Page {page + 1} of {pages}
            </span>
            <button
              ref={next}
              type="button"
              className="btn btn-secondary"
              onClick={() => go(page + 1)}
              disabled={page >= pages - 1}>
              Next
            </button>
          </nav>
        )}
      </main>
      {articles.viewer}
    </div>
  );
}

function Row({ article: a, onOpen }: { article: Article; onOpen: (from: HTMLElement) => void }) {
  return (
    <tr>
      <th scope="row">
        <button type="button" className="link-btn" lang={a.language} onClick={(e) => onOpen(e.currentTarget)}>
          {a.title}
        </button>
      </th>
      <td>{languageName(a.language)}</td>
      <td>
        <span className={`badge badge-${a.visibility === 'internal' ? 'internal' : 'public'}`}>
          {a.visibility === 'internal' ? 'Internal' : 'Public'}
        </span>
      </td>
      <td>{a.updatedAt ? <time dateTime={a.updatedAt}>{formatDate(a.updatedAt)}</time> : ''}</td>
    </tr>
  );
}
