import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { Citation, MessageRole, ReplySource } from '../api/types';
import { sourceLabel } from '../knowledge/citations';
import { RichText, type CiteRenderer } from './RichText';
import { formatTime } from './format';

export interface ShownMessage {
  id: string;
  role: MessageRole;
  text: string;
  time?: string;
  source?: ReplySource;
  /** an assistant reply's sources, cited in its text as [n] */
  citations?: Citation[];
  streaming?: boolean;
  pending?: boolean;
}

const LABEL: Record<MessageRole, string> = {
  customer: 'You',
  assistant: 'Assistant',
  agent: 'Agent',
  system: 'Notice',
};

type OpenSource = (citation: Citation, from: HTMLElement) => void;

/**
 * The transcript. Screen readers are told about new messages by the page's live region once a message is
 * complete, not token by token, so the list itself is not live.
 *
 * A long conversation stays cheap to keep on screen: each message is a memoised row, so a streamed chunk, a letter
 * typed in the message box or any other change of the page renders only the message that changed (its rich text
 * is parsed again only then). Pass a stable `onOpenSource` (useCallback) and `extras` that change only with what
 * they show (useMemo) for that to hold.
 */
export function MessageList({
  messages,
  labels,
  typing,
  emptyText,
  onOpenSource,
  extras,
  footer,
  footerKey = '',
}: {
  messages: ShownMessage[];
  labels?: Partial<Record<MessageRole, string>>;
  typing?: string | null;
  emptyText?: string;
  /** opens a cited article; without it sources are not shown */
  onOpenSource?: OpenSource;
  /** what to show under a message, by its id (e.g. what the reply proposes) */
  extras?: ReadonlyMap<string, ReactNode>;
  /** what to show after the last message */
  footer?: ReactNode;
  /** changes whenever the extras or the footer grow, so that the list follows them to its end */
  footerKey?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const shownFirst = useRef<string | undefined>(undefined);
  const last = messages[messages.length - 1];
  // the sources shown once a reply completes count too, so they are scrolled into view with it
  const tail = `${messages.length}:${last?.text.length ?? 0}:${last?.streaming ? 1 : 0}:${last?.citations?.length ?? 0}:${typing ?? ''}:${footerKey}`;
  const first = messages[0]?.id;
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    if (first !== shownFirst.current) {
      // another conversation, or the first messages of this one: straight to its end, without animation
      shownFirst.current = first;
      if (typeof box.scrollTo === 'function') box.scrollTo({ top: box.scrollHeight, behavior: 'instant' });
      else box.scrollTop = box.scrollHeight;
      return;
    }
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 160;
    if (nearBottom || last?.role === 'customer') box.scrollTop = box.scrollHeight;
  }, [tail, first, last?.role]);
  return (
    <div className="messages" ref={ref} tabIndex={0} aria-label="Messages" role="region">
      {messages.length === 0 && emptyText && <p className="empty">{emptyText}</p>}
      <ol className="message-list">
        {messages.map((m) => (
          <MessageRow
            key={m.id}
            message={m}
            label={labels?.[m.role] ?? LABEL[m.role]}
            onOpenSource={onOpenSource}
            extra={extras?.get(m.id)}
          />
        ))}
      </ol>
      {footer}
      {typing && (
        <p className="typing">
          <span className="dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {typing}
        </p>
      )}
    </div>
  );
}

/** One message; rendered again only when it, its author's label, the source opener or what it has under it changes. */
export const MessageRow = memo(function MessageRow({
  message: m,
  label,
  onOpenSource,
  extra,
}: {
  message: ShownMessage;
  label: string;
  onOpenSource?: OpenSource;
  extra?: ReactNode;
}) {
  if (m.role === 'system') return <li className="notice">{m.text}</li>;
  const sources = onOpenSource && m.role === 'assistant' && !m.streaming && m.citations?.length ? m.citations : null;
  const cite: CiteRenderer | undefined =
    sources && onOpenSource
      ? (n) => {
          const c = sources.find((x) => x.n === n);
          return c ? (
            <button
              type="button"
              className="cite"
              aria-label={sourceLabel(c)}
              onClick={(e) => onOpenSource(c, e.currentTarget)}>
              [{n}]
            </button>
          ) : null;
        }
      : undefined;
  return (
    <li className={`msg msg-${m.role}${m.pending ? ' msg-pending' : ''}`} aria-busy={m.streaming || undefined}>
      <span className="msg-author">{label}</span>
      <div className="msg-text">
        <RichText text={m.text} cite={cite} />
        {m.streaming && <span className="cursor" aria-hidden="true" />}
      </div>
      {sources && onOpenSource && <Sources id={m.id} citations={sources} onOpen={onOpenSource} />}
      <span className="msg-meta">
        {m.time && <time dateTime={m.time}>{formatTime(m.time)}</time>}
        {m.source === 'fallback' && (
          <span
            className="msg-source"
            title="Our AI assistant was unavailable, so this answer was put together from your account details.">
            automatic answer
          </span>
        )}
        {m.pending && <span>sending…</span>}
      </span>
      {extra}
    </li>
  );
});

/** The numbered sources under an answer; each title opens the article. */
function Sources({
  id,
  citations,
  onOpen,
}: {
  id: string;
  citations: Citation[];
  onOpen: (c: Citation, from: HTMLElement) => void;
}) {
  const labelId = `sources-${id}`;
  return (
    <div className="sources">
      <p className="sources-title" id={labelId}>
        Sources
      </p>
      <ol className="sources-list" aria-labelledby={labelId}>
        {citations.map((c) => (
          <li key={c.n}>
            <span className="source-n">[{c.n}]</span>
            <button type="button" className="link-btn" onClick={(e) => onOpen(c, e.currentTarget)}>
              {c.title}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
