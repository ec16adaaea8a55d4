import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { api, enc, newIdempotencyKey, withRetries } from '../api/http';
import { followStream } from '../api/sse';
import type { Citation, ConversationSummary, Feedback, Session, Transcript } from '../api/types';
import { useArticleViewer } from '../knowledge/ArticleViewer';
import { AppHeader } from '../ui/AppHeader';
import { MessageList } from '../ui/MessageList';
import { formatCount, formatTime, statusLabel, waitText } from '../ui/format';
import { useReadAloud } from '../ui/readAloud';
import { chatReducer, emptyChat, type ChatState } from './chatState';
import { Rating } from './Rating';

const MAX_LENGTH = 4000;

export function ChatPage({
  session,
  onSignOut,
  onExpired,
}: {
  session: Session;
  onSignOut: () => void;
  onExpired: () => void;
}) {
  const token = session.accessToken;
  const [conversations, setConversations] = useState<ConversationSummary[] | null>(null);
  const [chat, dispatch] = useReducer(chatReducer, emptyChat);
  const chatRef = useRef(chat);
  useLayoutEffect(() => {
    chatRef.current = chat; // read by send once the conversation has opened
  }, [chat]);
  const [error, setError] = useState('');
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const [reconnecting, setReconnecting] = useState(false);
  const [ready, setReady] = useState(false); // the newest conversation is open (or there is none)
  // Which conversation is shown can change while a message is being typed (the newest one opening after sign-in,
  // a click in the list, "New conversation"): every switch is numbered, a stale one is dropped, and sending waits
  // until no switch is in flight, so a message always goes to the conversation on screen.
  const switching = useRef<Promise<unknown>>(Promise.resolve());
  const switchSeq = useRef(0);
  /** The message being sent, with its Idempotency-Key, until the server has accepted it. */
  const unsent = useRef<{ text: string; key: string } | null>(null);
  const shownId = useRef<string | null>(null); // the conversation on screen, set as soon as it is chosen
  const track = <T,>(p: Promise<T>): Promise<T> => {
    switching.current = p.catch(() => {});
    return p;
  };
  const settled = async () => {
    let p: Promise<unknown>;
    do {
      p = switching.current;
      await p;
    } while (p !== switching.current);
  };
  const stream = useRef<AbortController | null>(null);
  const connected = useRef<Promise<void>>(Promise.resolve());
  const spoken = useRef(new Set<string>());
  const input = useRef<HTMLTextAreaElement>(null);
  const readAloud = useReadAloud(session.subject);
  const [name, setName] = useState('');
  const articles = useArticleViewer(token);
  const openArticle = articles.open;
  // stable, so the transcript's memoised rows are not rendered again on every change of the page
  const openSource = useCallback(
    (c: Citation, from: HTMLElement) =>
      openArticle(
        { articleId: c.articleId, title: c.title, passage: c.passage, passageLabel: 'Cited in the answer' },
        from,
      ),
    [openArticle],
  );

  useEffect(() => {
    api<{ account?: { name?: string } }>('/api/profiles/me', { token })
      .then((p) => setName(p?.account?.name ?? ''))
      .catch(() => {}); // only a greeting: the chat works without it
  }, [token]);

  const loadList = useCallback(async () => {
    const list = await api<ConversationSummary[]>('/api/conversations', { token });
    setConversations(Array.isArray(list) ? list : []);
    return Array.isArray(list) ? list : [];
  }, [token]);

  const markSpokenAndLoad = (t: Transcript) => {
    for (const m of t.messages ?? []) spoken.current.add(m.messageId);
    shownId.current = t.conversationId;
    // a long transcript is rendered in slices that leave the page responsive (a transition), not in one long task;
    // events that arrive meanwhile are applied after it, in order
    startTransition(() => dispatch({ type: 'loaded', transcript: t }));
  };

  const openStream = useCallback(
    (conversationId: string) => {
      stream.current?.abort();
      const ctrl = new AbortController();
      stream.current = ctrl;
      let wasDown = false;
      connected.current = new Promise<void>((resolve) => {
        setTimeout(resolve, 3000); // never hold a message back for long
        void followStream({
          url: `/api/conversations/${enc(conversationId)}/events`,
          token,
          signal: ctrl.signal,
          onUnauthorized: onExpired,
          onEvent: (name, data) => dispatch({ type: 'event', name, id: null, data: data as Record<string, unknown> }),
          onConnection: (up) => {
            setReconnecting(!up);
            if (up) {
              resolve();
              if (wasDown) {
                // events may have been missed while disconnected: the transcript has them
                api<Transcript>(`/api/conversations/${enc(conversationId)}`, { token })
                  .then((t) => {
                    if (!ctrl.signal.aborted) markSpokenAndLoad(t);
                  })
                  .catch(() => {});
              }
            }
            wasDown = !up;
          },
        });
      });
    },
    [token, onExpired],
  );

  const openConversation = useCallback(
    (conversationId: string) => {
      setError('');
      const seq = ++switchSeq.current;
      return track(
        (async () => {
          const t = await api<Transcript>(`/api/conversations/${enc(conversationId)}`, { token });
          if (seq !== switchSeq.current) return; // another conversation was chosen meanwhile
          markSpokenAndLoad(t);
          if (t.status !== 'CLOSED') openStream(conversationId);
          else stream.current?.abort();
        })(),
      );
    },
    [token, openStream],
  );

  useEffect(() => {
    let live = true;
    track(
      // eslint-disable-next-line react-hooks/set-state-in-effect -- loadList sets state once the server has answered
      loadList()
        .then((list) => {
          // open the newest conversation, unless the customer already chose or started one
          if (live && list.length && switchSeq.current === 0) return openConversation(list[0].conversationId);
        })
        .catch((e: Error) => live && setError(e.message))
        .finally(() => live && setReady(true)),
    );
    return () => {
      live = false;
      stream.current?.abort();
    };
  }, [loadList, openConversation]);

  // read aloud each reply and agent message as it completes (not the history loaded with the page)
  useEffect(() => {
    for (const m of chat.messages) {
      if ((m.role === 'assistant' || m.role === 'agent') && !m.streaming && !spoken.current.has(m.id)) {
        spoken.current.add(m.id);
        readAloud.speak(m.text);
      }
    }
  }, [chat.messages, readAloud]);

  const startConversation = () => {
    const seq = ++switchSeq.current;
    return track(
      (async () => {
        const { conversationId } = await api<{ conversationId: string }>('/api/conversations', {
          method: 'POST',
          token,
        });
        if (seq === switchSeq.current) {
          shownId.current = conversationId;
          dispatch({ type: 'loaded', transcript: { conversationId, status: 'OPEN', messages: [] } });
          openStream(conversationId);
        }
        void loadList().catch(() => {});
        return conversationId;
      })(),
    );
  };

  const newConversation = async () => {
    setError('');
    setListOpen(false);
    try {
      await startConversation();
      input.current?.focus();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const send = async (ev?: FormEvent) => {
    ev?.preventDefault();
    const text = draft.trim();
    if (!text || sending) return;
    if (text.length > MAX_LENGTH) {
      setError(`Messages can be at most ${formatCount(MAX_LENGTH)} characters.`);
      return;
    }
    setError('');
    setSending(true);
    const localId = `local_${Date.now()}_${Math.random().toString(36).slice(2)}`;
    try {
      await settled(); // a fast typist may press Enter before the conversation on screen has opened
      let conversationId = shownId.current;
      const closed = chatRef.current.conversationId === conversationId && chatRef.current.status === 'CLOSED';
      if (!conversationId || closed) conversationId = await startConversation();
      await connected.current;
      setDraft('');
      dispatch({ type: 'sending', localId, text, time: new Date().toISOString() });
      // the same key for every try of this text (also when the customer presses Send again after a failure), so
      // a message whose answer was lost on the way is never stored twice
      const key = unsent.current?.text === text ? unsent.current.key : newIdempotencyKey();
      unsent.current = { text, key };
      try {
        const { messageId } = await withRetries(() =>
          api<{ messageId: string }>(`/api/conversations/${enc(conversationId)}/messages`, {
            method: 'POST',
            body: { text },
            token,
            headers: { 'Idempotency-Key': key },
          }),
        );
        unsent.current = null;
        dispatch({ type: 'sent', localId, messageId });
      } catch (e) {
        dispatch({ type: 'sendFailed', localId });
        setDraft((current) => current || text); // nothing typed is lost
        throw e;
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.nativeEvent.isComposing) {
      ev.preventDefault();
      void send();
    }
  };

  const escalate = async () => {
    setError('');
    setEscalating(true);
    try {
      await settled();
      let conversationId = shownId.current;
      if (!conversationId) conversationId = await startConversation();
      await api(`/api/conversations/${enc(conversationId)}/escalate`, {
        method: 'POST',
        body: { reason: 'Customer asked to talk to a person', language: clientLanguage() },
        token,
      });
      dispatch({ type: 'escalated' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setEscalating(false);
    }
  };

  const rate = async (rating: number, comment: string) => {
    const conversationId = chat.conversationId;
    if (!conversationId) return;
    const feedback = await api<Feedback>(`/api/conversations/${enc(conversationId)}/feedback`, {
      method: 'POST',
      body: comment ? { rating, comment } : { rating },
      token,
    });
    dispatch({ type: 'rated', feedback: feedback ?? { rating } });
    void loadList().catch(() => {});
  };

  const streamingNow = chat.messages.some((m) => m.streaming);
  const typing =
    chat.awaitingReply && !streamingNow && chat.status !== 'WITH_AGENT' ? 'The assistant is writing a reply…' : null;
  const closed = chat.status === 'CLOSED';
  const canEscalate = ready && chat.status === 'OPEN';
  const agentLabel = chat.agentName ? `${chat.agentName} (agent)` : 'Agent';

  return (
    <div className="app customer">
      <a className="skip-link" href="#message">
        Skip to message box
      </a>
      <AppHeader who={name} onSignOut={onSignOut}>
        <button
          type="button"
          className="btn btn-quiet toggle"
          aria-pressed={readAloud.on}
          disabled={!readAloud.supported}
          onClick={() => readAloud.setOn(!readAloud.on)}
          title={readAloud.supported ? 'Speak each reply aloud' : 'Speech is not supported in this browser'}>
          <span aria-hidden="true" className="toggle-dot" /> Read aloud
        </button>
      </AppHeader>
      <div className="layout">
        <nav className={`sidebar${listOpen ? ' open' : ''}`} aria-label="Your conversations">
          <div className="sidebar-head">
            <h2>Conversations</h2>
            <button type="button" className="btn btn-primary btn-small" onClick={() => void newConversation()}>
              New conversation
            </button>
          </div>
          {conversations === null ? (
            <p className="muted">Loading…</p>
          ) : conversations.length === 0 ? (
            <p className="muted">No conversations yet.</p>
          ) : (
            <ul className="conv-list">
              {conversations.map((c) => (
                <li key={c.conversationId}>
                  <button
                    type="button"
                    className="conv-item"
                    aria-current={c.conversationId === chat.conversationId ? 'true' : undefined}
                    onClick={() => {
                      setListOpen(false); // the customer chose one (resuming the latest at start leaves the list as it is)
                      openConversation(c.conversationId).catch((e: Error) => setError(e.message));
                    }}>
                    <span>{formatTime(c.updatedAt ?? c.createdAt) || 'Conversation'}</span>
                    <span className={`badge badge-${c.status.toLowerCase()}`}>{statusLabel(c.status)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <main className="chat" id="main">
          <div className="chat-head">
            <button
              type="button"
              className="btn btn-quiet list-toggle"
              aria-expanded={listOpen}
              onClick={() => setListOpen(!listOpen)}>
              Conversations
            </button>
            <h1>{chat.conversationId ? 'Your conversation' : 'How can we help?'}</h1>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => void escalate()}
              disabled={!canEscalate || escalating}
              aria-describedby="handoff-state">
              Talk to a person
            </button>
          </div>
          <HandoffBanner chat={chat} reconnecting={reconnecting} />
          <MessageList
            messages={chat.messages}
            labels={{ agent: agentLabel }}
            typing={typing}
            emptyText="Ask about your orders, your account, a delivery or a past case. A person is one click away."
            onOpenSource={openSource}
          />
          <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
            {chat.announcement}
          </div>
          {closed && !chat.feedback && <Rating onRate={rate} />}
          {closed && chat.feedback && (
            <p className="notice">{`Thank you for rating us ${chat.feedback.rating} out of 5.`}</p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <form className="composer" onSubmit={(e) => void send(e)}>
            <label htmlFor="message" className="sr-only">
              Message
            </label>
            <textarea
              id="message"
              ref={input}
              rows={2}
              value={draft}
              maxLength={MAX_LENGTH}
              placeholder={
                closed
                  ? 'This conversation is closed. Write here to start a new one.'
                  : 'Write a message… (Enter sends, Shift+Enter adds a line)'
              }
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKeyDown}
              aria-describedby="message-hint"
            />
            <span id="message-hint" className="sr-only">
              Enter sends the message; Shift and Enter adds a new line.
            </span>
            <button type="submit" className="btn btn-primary" disabled={sending || !draft.trim()}>
              Send
            </button>
          </form>
          {draft.length > MAX_LENGTH - 500 && (
            <p className="muted counter" aria-live="polite">
              {draft.length} / {MAX_LENGTH}
            </p>
          )}
        </main>
      </div>
      {articles.viewer}
    </div>
  );
}

function HandoffBanner({ chat, reconnecting }: { chat: ChatState; reconnecting: boolean }) {
  let text = '';
  if (chat.status === 'WAITING_FOR_AGENT') {
    text = chat.agentName
      ? `${chat.agentName} will be with you shortly.`
      : chat.queue
        ? waitText(chat.queue.position, chat.queue.estimatedWaitSeconds)
        : 'Waiting for a human agent…';
  } else if (chat.status === 'WITH_AGENT') {
    text = `You are chatting with ${chat.agentName ?? 'an agent'}.`;
  } else if (chat.status === 'CLOSED') {
    text = 'This conversation is closed.';
  }
  return (
    <div id="handoff-state" className="banner-area">
      {text && <p className={`banner banner-${chat.status.toLowerCase()}`}>{text}</p>}
      {reconnecting && <p className="banner banner-warn">Reconnecting…</p>}
    </div>
  );
}

/** The customer's language as their browser states it (two letters), for an agent who speaks it. */
function clientLanguage(): string | undefined {
  const code = (navigator.language || '').slice(0, 2).toLowerCase();
  return /^[a-z]{2}$/.test(code) ? code : undefined;
}
