import { useEffect, useRef } from 'react';
import type { MessageRole, ReplySource } from '../api/types';
import { RichText } from './RichText';
import { formatTime } from './format';

export interface ShownMessage {
  id: string;
  role: MessageRole;
  text: string;
  time?: string;
  source?: ReplySource;
  streaming?: boolean;
  pending?: boolean;
}

const LABEL: Record<MessageRole, string> = { customer: 'You', assistant: 'Assistant', agent: 'Agent', system: 'Notice' };

/**
 * The transcript. Screen readers are told about new messages by the page's live region once a message is
 * complete, not token by token, so the list itself is not live.
 */
export function MessageList({ messages, labels, typing, emptyText }: {
  messages: ShownMessage[];
  labels?: Partial<Record<MessageRole, string>>;
  typing?: string | null;
  emptyText?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  const tail = `${messages.length}:${last?.text.length ?? 0}:${typing ?? ''}`;
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 160;
    if (nearBottom || last?.role === 'customer') box.scrollTop = box.scrollHeight;
  }, [tail, last?.role]);
  const name = (role: MessageRole) => labels?.[role] ?? LABEL[role];
  return (
    <div className="messages" ref={ref} tabIndex={0} aria-label="Messages" role="region">
      {messages.length === 0 && emptyText && <p className="empty">{emptyText}</p>}
      <ol className="message-list">
        {messages.map((m) => (
          m.role === 'system' ? (
            <li key={m.id} className="notice">{m.text}</li>
          ) : (
            <li key={m.id} className={`msg msg-${m.role}${m.pending ? ' msg-pending' : ''}`} aria-busy={m.streaming || undefined}>
              <span className="msg-author">{name(m.role)}</span>
              <div className="msg-text">
                <RichText text={m.text} />
                {m.streaming && <span className="cursor" aria-hidden="true" />}
              </div>
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
          )
        ))}
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
