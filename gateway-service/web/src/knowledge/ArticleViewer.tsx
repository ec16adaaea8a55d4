import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { api, ApiError, enc } from '../api/http';
import type { Article } from '../api/types';
import { formatDate } from '../ui/format';
import { ArticleBody } from './ArticleBody';

/** What opens the viewer: the article, and what is known before it loads (the citation or search hit). */
export interface ArticleTarget {
  articleId: string;
  title?: string;
  /** the passage the answer used or the search matched, marked in the article */
  passage?: string;
  /** how a screen reader introduces that passage */
  passageLabel?: string;
}

export const GONE = 'This article is no longer available.';

const LANGUAGES: Record<string, string> = { en: 'English', fr: 'French', es: 'Spanish', de: 'German' };
export const languageName = (code?: string) => (code ? (LANGUAGES[code] ?? code.toUpperCase()) : '');

/**
 * One article viewer per page. `open` shows an article in a modal dialog, remembering what opened it (the
 * button passed, else the focused element); when the dialog closes, focus goes back there.
 */
export function useArticleViewer(token: string) {
  const [target, setTarget] = useState<ArticleTarget | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((t: ArticleTarget, from?: HTMLElement | null) => {
    const active = document.activeElement;
    opener.current = from ?? (active instanceof HTMLElement ? active : null);
    setTarget(t);
  }, []);
  const close = useCallback(() => setTarget(null), []);
  useEffect(() => {
    if (target || !opener.current) return;
    const el = opener.current;
    opener.current = null;
    if (el.isConnected) el.focus();
  }, [target]);
  const viewer = target ? <ArticleViewer key={target.articleId} target={target} token={token} onClose={close} /> : null;
  return { open, viewer };
}

/**
 * The article in a native modal <dialog> (the rest of the page is inert while it is open): focus starts on
 * Close; Escape, Close or a click outside closes it. The body is rendered through RichText's safe subset.
 */
export function ArticleViewer({
  target,
  token,
  onClose,
}: {
  target: ArticleTarget;
  token: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<{ text: string; gone: boolean } | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (typeof d.showModal === 'function') {
      if (!d.open) d.showModal();
    } else {
      d.setAttribute('open', ''); // no modal dialogs here (old engines, jsdom): shown in place
    }
    closeButton.current?.focus();
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    api<Article>(`/api/knowledge/articles/${enc(target.articleId)}`, { token, signal: ctrl.signal })
      .then((a) => {
        if (a && typeof a.body === 'string') setArticle(a);
        else setError({ text: GONE, gone: true });
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        const gone = e instanceof ApiError && (e.status === 404 || e.status === 410);
        setError({ text: gone ? GONE : (e as Error).message, gone });
      });
    return () => ctrl.abort();
  }, [target.articleId, token]);

  const onKeyDown = (ev: KeyboardEvent<HTMLDialogElement>) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      onClose();
    }
  };
  // a click on the backdrop lands on the dialog itself (its content is in the inner box); one that began inside
  // (selecting text and letting go outside) does not close it
  const pressedOutside = useRef(false);
  const onMouseDown = (ev: MouseEvent<HTMLDialogElement>) => {
    pressedOutside.current = ev.target === dialog.current;
  };
  const onClick = (ev: MouseEvent<HTMLDialogElement>) => {
    if (ev.target === dialog.current && pressedOutside.current) onClose();
  };

  const title = article?.title || target.title || 'Article';
  return (
    <dialog
      ref={dialog}
      className="article-dialog"
      aria-labelledby={titleId}
      aria-modal="true"
      onCancel={(ev) => {
        ev.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onClick={onClick}>
      <div className="article-box">
        <div className="article-head">
          <h2 id={titleId} lang={article?.language}>
            {title}
          </h2>
          <button ref={closeButton} type="button" className="btn btn-secondary btn-small" onClick={onClose}>
            Close
          </button>
        </div>
        {article && (
          <p className="article-meta muted small">
            {article.visibility === 'internal' && <span className="badge badge-internal">Internal</span>}
            {[languageName(article.language), article.updatedAt && `Updated ${formatDate(article.updatedAt)}`]
              .filter(Boolean)
              .join(' · ')}
          </p>
        )}
        <div className="article-body" lang={article?.language}>
          {!article && !error && (
            <p className="muted" role="status">
              Loading the article…
            </p>
          )}
          {error && (
            <p className={error.gone ? 'notice-text' : 'error'} role={error.gone ? 'status' : 'alert'}>
              {error.text}
            </p>
          )}
          {article && (
            <ArticleBody
              body={article.body}
              title={article.title}
              passage={target.passage}
              passageLabel={target.passageLabel}
            />
          )}
        </div>
      </div>
    </dialog>
  );
}
