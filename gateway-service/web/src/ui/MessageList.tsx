import { useEffect, useRef } from 'react';
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

const LABEL: Record<MessageRole, string> = { customer: 'You', assistant: 'Assistant', agent: 'Agent', system: 'Notice' };

/**
 * The transcript. Screen readers are told about new messages by the page's live region once a message is
 * complete, not token by token, so the list itself is not live.
 */
export function MessageList({ messages, labels, typing, emptyText, onOpenSource }: {
  messages: ShownMessage[];
  labels?: Partial<Record<MessageRole, string>>;
  typing?: string | null;
  emptyText?: string;
  /** opens a cited article; without it sources are not shown */
  onOpenSource?: (citation: Citation, from: HTMLElement) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  // the sources shown once a reply completes count too, so they are scrolled into view with it
  const tail = `${messages.length}:${last?.text.length ?? 0}:${last?.streaming ? 1 : 0}:${last?.citations?.length ?? 0}:${typing ?? ''}`;
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 160;
    if (nearBottom || last?.role === 'customer') box.scrollTop = box.scrollHeight;
  }, [tail, last?.role]);
  const name = (role: MessageRole) => labels?.[role] ?? LABEL[role];
  const sourcesOf = (m: ShownMessage) => (onOpenSource && m.role === 'assistant' && !m.streaming && m.citations?.length ? m.citations : null);
  const cite = (citations: Citation[]): CiteRenderer => (n) => {
    const c = citations.find((x) => x.n === n);
    return c && onOpenSource ? (
      <button type="button" className="cite" aria-label={sourceLabel(c)}
        onClick={(e) => onOpenSource(c, e.currentTarget)}>[{n}]</button>
    ) : null;
  };
  return (
    <div className="messages" ref={ref} tabIndex={0} aria-label="Messages" role="region">
      {messages.length === 0 && emptyText && <p className="empty">{emptyText}</p>}
      <ol className="message-list">
        {messages.map((m) => {
          if (m.role === 'system') return <li key={m.id} className="notice">{m.text}</li>;
          const sources = sourcesOf(m);
          return (
            <li key={m.id} className={`msg msg-${m.role}${m.pending ? ' msg-pending' : ''}`} aria-busy={m.streaming || undefined}>
              <span className="msg-author">{name(m.role)}</span>
              <div className="msg-text">
                <RichText text={m.text} cite={sources ? cite(sources) : undefined} />
                {m.streaming && <span className="cursor" aria-hidden="true" />}
              </div>
              {sources && onOpenSource && <Sources id={m.id} citations={sources} onOpen={onOpenSource} />}
              <span className="msg-meta">
                {m.time && <time dateTime={m.time}>{formatTime(m.time)}</time>}
                {m.source === 'fallback' && (
                  <span className="msg-source" title="Our AI assistant was unavailable, so this answer was put together from your account details.">
                    automatic answer
                  </span>
                )}
                {m.pending && <span>sending…</span>}
              </span>
            </li>
          );
        })}
      </ol>
      {typing && (
        <p className="typing">
          <span className="dots" aria-hidden="true"><span /><span /><span /></span>
          {typing}
        </p>
      )}
    </div>
  );
}

/** The numbered sources under an answer; each title opens the article. */
function Sources({ id, citations, onOpen }: { id: string; citations: Citation[]; onOpen: (c: Citation, from: HTMLElement) => void }) {
  const labelId = `sources-${id}`;
  return (
    <div className="sources">
      <p className="sources-title" id={labelId}>Sources</p>
      <ol className="sources-list" aria-labelledby={labelId}>
        {citations.map((c) => (
          <li key={c.n}>
            <span className="source-n">[{c.n}]</span>
            <button type="button" className="link-btn" onClick={(e) => onOpen(c, e.currentTarget)}>{c.title}</button>
          </li>
        ))}
      </ol>
    </div>
  );
}
