import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ActionView, Citation, Session } from '../api/types';
import { useArticleViewer } from '../knowledge/ArticleViewer';
import { AppHeader } from '../ui/AppHeader';
import { MessageList } from '../ui/MessageList';
import { formatTime, statusLabel } from '../ui/format';
import { useReadAloud } from '../ui/readAloud';
import { ActionCards } from './ActionCard';
import { agentLabel, answering, resolutionPrompt } from './answering';
import type { ChatMessage, ChatState } from './chatState';
import { Rating } from './Rating';
import { ResolutionPrompt } from './ResolutionPrompt';
import { useActions } from './useActions';
import { MAX_LENGTH, useComposer } from './useComposer';
import { useConversation } from './useConversation';
import { useEscalation } from './useEscalation';
import { useProfileName } from './useProfileName';
import { useRating } from './useRating';
import { useReadRepliesAloud } from './useReadRepliesAloud';
import { useResolution } from './useResolution';

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
  const [error, setError] = useState('');
  const [listOpen, setListOpen] = useState(false);
  const name = useProfileName(token);
  const conversation = useConversation({ token, onExpired, setError });
  const { chat, dispatch, conversations, destination, whenConnected } = conversation;
  const { draft, setDraft, sending, send, input, focus } = useComposer({
    token,
    destination,
    whenConnected,
    dispatch,
    setError,
  });
  const { escalating, escalate } = useEscalation({ token, destination, dispatch, setError });
  const decisions = useActions({ token, conversationId: chat.conversationId, dispatch });
  const resolution = useResolution({ token, conversationId: chat.conversationId, dispatch });
  const firstRating = useRef<HTMLInputElement>(null);
  // after an answer given with the keyboard: "yes" goes on to the rating, "no" to the message box (tell us more)
  // the conversation whose rating takes focus when shown: another one's never does on its own
  const [focusRatingOf, setFocusRatingOf] = useState<string | null>(null);
  const onAnswered = useCallback(
    (solved: boolean) => {
      if (solved) {
        // the rating may be shown a moment later (once the outcome is in the state): it takes focus then
        if (firstRating.current) firstRating.current.focus();
        else setFocusRatingOf(chat.conversationId);
      } else {
        input.current?.focus();
      }
    },
    [input, chat.conversationId],
  );
  // focus moves on once the answer is recorded, here rather than in the prompt: the outcome may reach the stream
  // before the answer's own response, and the prompt is then shown again as a new element
  const answerResolution = resolution.answer;
  const answer = useCallback(
    async (replyId: string, solved: boolean) => {
      const from = document.activeElement;
      const ok = await answerResolution(replyId, solved);
      const focused = document.activeElement;
      if (ok && (!focused || focused === document.body || focused === from || (from !== null && !from.isConnected))) {
        onAnswered(solved);
      }
      return ok;
    },
    [answerResolution, onAnswered],
  );
  const cards = useWithPrompt(
    useActionCards(chat.actions, chat.messages, decisions),
    resolutionPrompt(chat),
    { ...resolution, answer },
    onAnswered,
  );
  const rate = useRating({
    token,
    conversationId: chat.conversationId,
    dispatch,
    refreshList: conversation.refreshList,
  });
  const readAloud = useReadAloud(session.subject);
  useReadRepliesAloud(chat.messages, readAloud.speak, conversation.wasLoaded);
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

  const newConversation = async () => {
    setError('');
    setListOpen(false);
    try {
      await conversation.start();
      focus();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.nativeEvent.isComposing) {
      ev.preventDefault();
      void send();
    }
  };

  const streamingNow = chat.messages.some((m) => m.streaming);
  const typing =
    chat.awaitingReply && !streamingNow && chat.status !== 'WITH_AGENT' ? 'The assistant is writing a reply…' : null;
  const closed = chat.status === 'CLOSED';
  // a conversation can be rated once it is closed or its outcome is decided (the customer's "yes", among others)
  const rateable = closed || chat.outcome != null;
  const canEscalate = conversation.ready && chat.status === 'OPEN';
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
                      conversation.open(c.conversationId).catch((e: Error) => setError(e.message));
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
          <AnsweringLine chat={chat} reconnecting={conversation.reconnecting} />
          <MessageList
            messages={chat.messages}
            labels={{ agent: agentLabel(chat.agentName) }}
            typing={typing}
            emptyText="Ask about your orders, your account, a delivery or a past case. A person is one click away."
            onOpenSource={openSource}
            extras={cards.byReply}
            footer={cards.after}
            footerKey={cards.key}
          />
          <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
            {chat.announcement}
          </div>
          {rateable && !chat.feedback && (
            <Rating
              key={chat.conversationId}
              onRate={rate}
              firstRef={firstRating}
              focusFirst={focusRatingOf === chat.conversationId}
            />
          )}
          {rateable && chat.feedback && (
            <p className="notice">{`Thank you for rating us ${chat.feedback.rating} out of 5.`}</p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <form
            className="composer"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}>
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

/**
 * The action cards, each under the assistant reply that proposed it, or after the last message when that reply is
 * not on screen. Made again only when the actions, the replies they belong to or a decision change, so that the
 * transcript's other rows are not rendered again.
 */
function useActionCards(
  actions: ActionView[],
  messages: ChatMessage[],
  { pending, errors, decide }: ReturnType<typeof useActions>,
) {
  // the assistant replies that have cards, as a key that changes only when they do (not with every streamed chunk)
  const replies = actions.length
    ? messages
        .filter((m) => m.role === 'assistant' && actions.some((a) => a.replyId === m.id))
        .map((m) => m.id)
        .join('\n')
    : '';
  return useMemo(() => {
    const shown = new Set(replies ? replies.split('\n') : []);
    const groups = new Map<string | null, ActionView[]>();
    for (const a of actions) {
      const key = a.replyId && shown.has(a.replyId) ? a.replyId : null;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    const byReply = new Map<string, ReactNode>();
    let after: ReactNode = null;
    for (const [key, list] of groups) {
      const node = <ActionCards actions={list} pending={pending} errors={errors} onDecide={decide} />;
      if (key === null) after = node;
      else byReply.set(key, node);
    }
    const key = actions.map((a) => `${a.actionId}:${a.status}`).join(',') + Object.keys(errors).join(',');
    return { byReply, after, key };
  }, [actions, replies, pending, errors, decide]);
}

/**
 * The prompt "Did this solve it?" under the assistant's latest reply, after the cards of that reply: every reply
 * with something under it gets the same two places (cards, prompt), so that a card is not mounted again when the
 * prompt comes or goes.
 */
function useWithPrompt(
  cards: ReturnType<typeof useActionCards>,
  prompt: ReturnType<typeof resolutionPrompt>,
  { pending, error, answer }: ReturnType<typeof useResolution>,
  onAnswered: (solved: boolean) => void,
) {
  const replyId = prompt?.replyId ?? null;
  const answered = prompt?.answered ?? null;
  const busy = replyId !== null && pending === replyId;
  const problem = replyId !== null && error?.replyId === replyId ? error.message : undefined;
  return useMemo(() => {
    const node =
      replyId === null ? null : (
        <ResolutionPrompt
          replyId={replyId}
          answered={answered}
          pending={busy}
          error={problem}
          onAnswer={answer}
          onAnswered={onAnswered}
        />
      );
    const byReply = new Map<string, ReactNode>();
    const ids = new Set(cards.byReply.keys());
    if (replyId !== null) ids.add(replyId);
    for (const id of ids) {
      byReply.set(
        id,
        <>
          {cards.byReply.get(id) ?? null}
          {id === replyId ? node : null}
        </>,
      );
    }
    const key = `${cards.key}|${replyId}:${answered ?? ''}:${busy ? 1 : 0}:${problem ?? ''}`;
    return { byReply, after: cards.after, key };
  }, [cards, replyId, answered, busy, problem, answer, onAnswered]);
}

/**
 * Who answers the customer now, always shown under the title: the assistant, a person (on the way: the agent's name
 * or the place in line), or nobody (closed). Not a live region: every change of it is said by the chat's live
 * region (chatState), together with what caused it, so it is not said twice.
 */
function AnsweringLine({ chat, reconnecting }: { chat: ChatState; reconnecting: boolean }) {
  const { line, detail } = answering(chat);
  return (
    <div id="handoff-state" className="banner-area">
      <p className={`banner answering banner-${chat.status.toLowerCase()}`}>
        <span className="answering-line">{line}</span>
        {detail && (
          <>
            <span className="sr-only">: </span>
            <span className="answering-detail">{detail}</span>
          </>
        )}
      </p>
      {reconnecting && <p className="banner banner-warn">Reconnecting…</p>}
    </div>
  );
}
