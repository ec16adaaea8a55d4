import { useEffect, useRef, useState } from 'react';
import { api, enc } from '../api/http';
import type { KnowledgeHit, KnowledgeSearch } from '../api/types';
import type { ArticleTarget } from '../knowledge/ArticleViewer';
import type { ShownMessage } from '../ui/MessageList';
import { inline } from '../ui/RichText';

/** How long the case must be quiet before a new customer message searches again. */
export const SUGGEST_DEBOUNCE_MS = 1500;
const MAX_QUERY = 300;

/** The customer's most recent messages, newest last, as one search of at most `max` characters. */
export function recentCustomerText(messages: ShownMessage[], max = MAX_QUERY): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = messages.length - 1; i >= 0 && length < max; i--) {
    const m = messages[i];
    if (m.role !== 'customer') continue;
    const text = m.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    parts.unshift(text);
    length += text.length + 1;
  }
  const all = parts.join(' ');
  if (all.length <= max) return all;
  const cut = all.slice(all.length - max);
  const space = cut.indexOf(' ');
  return space >= 0 && space < 30 ? cut.slice(space + 1) : cut; // not half a word at the start
}

/** One suggestion per article, its best passage first. */
function byArticle(hits: KnowledgeHit[]): KnowledgeHit[] {
  const seen = new Set<string>();
  return [...hits]
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .filter((h) => {
      if (!h?.articleId || seen.has(h.articleId)) return false;
      seen.add(h.articleId);
      return true;
    });
}

const clip = (text: string, max = 240) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

/**
 * Knowledge-base articles for the open case, searched with what the customer said most recently: at once when
 * the case opens, then again once a new customer message has been followed by a quiet moment. A failed search
 * says so quietly; the case works without it.
 */
export function SuggestedArticles({
  query,
  token,
  onOpen,
  debounceMs = SUGGEST_DEBOUNCE_MS,
}: {
  query: string;
  token: string;
  onOpen: (target: ArticleTarget, from: HTMLElement) => void;
  debounceMs?: number;
}) {
  const [hits, setHits] = useState<KnowledgeHit[] | null>(null);
  const [failed, setFailed] = useState(false);
  const asked = useRef('');

  useEffect(() => {
    if (!query || query === asked.current) return;
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => {
        asked.current = query;
        api<KnowledgeSearch>(`/api/knowledge/search?q=${enc(query)}&limit=5`, { token, signal: ctrl.signal })
          .then((r) => {
            setHits(byArticle(Array.isArray(r?.results) ? r.results : []));
            setFailed(false);
          })
          .catch(() => {
            if (ctrl.signal.aborted) return;
            asked.current = ''; // the next message tries again
            setFailed(true);
          });
      },
      asked.current ? debounceMs : 0,
    );
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, token, debounceMs]);

  let content;
  if (!query) content = <p className="muted small">Suggestions appear once the customer has written.</p>;
  else if (failed && !hits?.length) content = <p className="muted small">Suggestions are not available right now.</p>;
  else if (hits === null) content = <p className="muted small">Looking for articles…</p>;
  else if (hits.length === 0) content = <p className="muted small">No matching articles.</p>;
  else {
    content = (
      <ul className="suggestion-list">
        {hits.map((h) => (
          <li key={h.articleId}>
            <span className="suggestion-head">
              <button
                type="button"
                className="link-btn"
                onClick={(e) =>
                  onOpen(
                    { articleId: h.articleId, title: h.title, passage: h.passage, passageLabel: 'Matching passage' },
                    e.currentTarget,
                  )
                }>
                {h.title}
              </button>
              {h.visibility === 'internal' && <span className="badge badge-internal">Internal</span>}
            </span>
            {h.heading && h.heading !== h.title && <span className="muted small">{h.heading}</span>}
            {h.passage && <p className="small passage">{inline(clip(h.passage))}</p>}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">Suggested articles</h2>
      {content}
    </section>
  );
}
