import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, enc, newIdempotencyKey, withRetries } from '../api/http';
import type { Citation, Draft, Escalation, Packet } from '../api/types';
import { useArticleViewer } from '../knowledge/ArticleViewer';
import { citationsFrom } from '../knowledge/citations';
import { MessageList, type ShownMessage } from '../ui/MessageList';
import { statusLabel } from '../ui/format';
import { AssistantActions } from './AssistantActions';
import { ProfilePanel } from './ProfilePanel';
import { recentCustomerText, SuggestedArticles } from './SuggestedArticles';

/** A customer's message on a case, as the agent stream relays it. */
export interface IncomingMessage {
  escalationId: string;
  messageId: string;
  text: string;
}

/**
 * One case: the hand-off summary, the transcript, the reply box, articles suggested from what the customer said,
 * and closing; the customer's profile beside.
 */
export function CasePanel({
  escalation,
  token,
  incoming,
  canned,
  onChanged,
  onClosed,
}: {
  escalation: Escalation;
  token: string;
  incoming: IncomingMessage[];
  canned: string[];
  onChanged: () => void;
  onClosed: (id: string) => void;
}) {
  const [packet, setPacket] = useState<Packet | null>(null);
  const [status, setStatus] = useState(escalation.status);
  const [sent, setSent] = useState<ShownMessage[]>([]);
  const [reply, setReply] = useState('');
  const [resolution, setResolution] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [draftSource, setDraftSource] = useState('');
  const articles = useArticleViewer(token);
  const openArticle = articles.open;
  const openSource = useCallback(
    (c: Citation, from: HTMLElement) =>
      openArticle(
        { articleId: c.articleId, title: c.title, passage: c.passage, passageLabel: 'Cited in the answer' },
        from,
      ),
    [openArticle],
  );

  useEffect(() => {
    let live = true;
    api<Packet>(`/api/escalations/${enc(escalation.id)}/packet`, { token })
      .then((p) => live && setPacket(p))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [escalation.id, token]);

  const messages = useMemo(() => {
    const all: ShownMessage[] = (packet?.transcript?.messages ?? []).map((m) => ({
      id: m.messageId,
      role: m.role,
      text: m.text ?? '',
      time: m.time,
      source: m.source,
      citations: citationsFrom(m.citations),
    }));
    const seen = new Set(all.map((m) => m.id));
    for (const m of incoming) {
      if (!seen.has(m.messageId)) {
        seen.add(m.messageId);
        all.push({ id: m.messageId, role: 'customer', text: m.text });
      }
    }
    for (const m of sent) if (!seen.has(m.id)) all.push(m);
    return all;
  }, [packet, incoming, sent]);
  const customerSaid = useMemo(() => recentCustomerText(messages), [messages]);

  const act = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    setError('');
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const accept = () =>
    act('accept', async () => {
      const e = await api<Escalation>(`/api/escalations/${enc(escalation.id)}/accept`, { method: 'POST', token });
      setStatus(e?.status ?? 'ACCEPTED');
      onChanged();
    });

  const send = (ev: FormEvent) => {
    ev.preventDefault();
    const text = reply.trim();
    if (!text) return;
    // one key per message, reused by the retries, so that a reply whose answer was lost reaches the customer once
    const key = newIdempotencyKey();
    void act('send', async () => {
      const { messageId } = await withRetries(() =>
        api<{ messageId: string }>(`/api/escalations/${enc(escalation.id)}/messages`, {
          method: 'POST',
          body: { text },
          token,
          headers: { 'Idempotency-Key': key },
        }),
      );
      setSent((list) => [...list, { id: messageId, role: 'agent', text, time: new Date().toISOString() }]);
      setReply('');
      setDraftSource('');
    });
  };

  const suggest = () =>
    act('suggest', async () => {
      const draft = await api<Draft>(`/api/llm/conversations/${enc(escalation.conversationId)}/suggested-reply`, {
        method: 'POST',
        token,
      });
      if (draft?.text) {
        setReply(draft.text);
        setDraftSource(
          draft.source === 'llm'
            ? 'Suggested by the assistant; edit before sending.'
            : 'Suggested from the case data; edit before sending.',
        );
      }
    });

  const close = (ev: FormEvent) => {
    ev.preventDefault();
    const text = resolution.trim();
    if (!text) {
      setError('Please describe the resolution before closing.');
      return;
    }
    void act('close', async () => {
      await api(`/api/escalations/${enc(escalation.id)}/close`, { method: 'POST', body: { resolution: text }, token });
      onClosed(escalation.id);
    });
  };

  // the case ends for this agent like a close, but the conversation goes on with the assistant, which gets the note
  const handBack = (ev: FormEvent) => {
    ev.preventDefault();
    const text = note.trim();
    if (!text) {
      setError('Please write a note for the assistant before handing back.');
      return;
    }
    void act('hand-back', async () => {
      await api(`/api/escalations/${enc(escalation.id)}/hand-back`, { method: 'POST', body: { note: text }, token });
      onClosed(escalation.id);
    });
  };

  const profile = packet?.profile;
  const name = profile?.account?.name ?? 'Customer';
  const summary = packet?.summary;
  const accepted = status === 'ACCEPTED';

  return (
    <div className="case">
      <section className="case-main" aria-labelledby="case-title">
        <div className="case-head">
          <h1 id="case-title">{name}</h1>
          <span className={`badge badge-${status.toLowerCase()}`}>{statusLabel(status)}</span>
          {!accepted && (
            <button type="button" className="btn btn-primary" onClick={() => void accept()} disabled={busy !== null}>
              Accept case
            </button>
          )}
        </div>
        {packet === null && !error && <p className="muted">Loading the case…</p>}
        {packet?.transcript?.contactEmail && (
          <p className="banner">
            Follow up by e-mail:{' '}
            <a href={`mailto:${packet.transcript.contactEmail}`}>{packet.transcript.contactEmail}</a>
          </p>
        )}
        {packet?.unavailable && packet.unavailable.length > 0 && (
          <p className="banner banner-warn">Not available right now: {packet.unavailable.join(', ')}.</p>
        )}
        {summary && (
          <section className="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">
              Hand-off summary{' '}
              {summary.source === 'fallback' && <span className="muted small">(from the case data)</span>}
            </h2>
            <dl>
              {summary.issue && (
                <>
                  <dt>Issue</dt>
                  <dd>{summary.issue}</dd>
                </>
              )}
              {summary.tried && (
                <>
                  <dt>Tried</dt>
                  <dd>{summary.tried}</dd>
                </>
              )}
              {summary.sentiment && (
                <>
                  <dt>Sentiment</dt>
                  <dd>{summary.sentiment}</dd>
                </>
              )}
              {summary.nextStep && (
                <>
                  <dt>Next step</dt>
                  <dd>{summary.nextStep}</dd>
                </>
              )}
            </dl>
          </section>
        )}
        <AssistantActions actions={packet?.transcript?.actions} />
        <h2 className="sr-only">Transcript</h2>
        <MessageList
          messages={messages}
          labels={{ customer: name, agent: 'You' }}
          emptyText="No messages yet."
          onOpenSource={openSource}
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <form className="reply" onSubmit={send}>
          <div className="reply-tools">
            <label htmlFor="canned" className="sr-only">
              Ready-made reply
            </label>
            <select
              id="canned"
              value=""
              onChange={(e) => {
                if (e.target.value) {
                  setReply(e.target.value);
                  setDraftSource('');
                }
              }}>
              <option value="">Insert a ready-made reply…</option>
              {canned.map((c) => (
                <option key={c} value={c}>
                  {c.length > 70 ? `${c.slice(0, 70)}…` : c}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-secondary" onClick={() => void suggest()} disabled={busy !== null}>
              {busy === 'suggest' ? 'Suggesting…' : 'Suggest reply'}
            </button>
          </div>
          <label htmlFor="reply-text" className="sr-only">
            Reply to {name}
          </label>
          <textarea
            id="reply-text"
            rows={3}
            maxLength={4000}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            placeholder={accepted ? `Write to ${name}…` : 'Accept the case to reply'}
            aria-describedby="draft-source"
          />
          <p id="draft-source" className="muted small">
            {draftSource}
          </p>
          <button type="submit" className="btn btn-primary" disabled={!accepted || busy !== null || !reply.trim()}>
            Send reply
          </button>
        </form>
        <SuggestedArticles query={packet ? customerSaid : ''} token={token} onOpen={articles.open} />
        <form className="close-case" onSubmit={handBack}>
          <label htmlFor="hand-back-note">Note for the assistant</label>
          <input
            id="hand-back-note"
            type="text"
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="What was done, what is left (the customer does not see it)"
          />
          <button type="submit" className="btn" disabled={!accepted || busy !== null}>
            Hand back to the assistant
          </button>
        </form>
        <form className="close-case" onSubmit={close}>
          <label htmlFor="resolution">Resolution</label>
          <input
            id="resolution"
            type="text"
            maxLength={1000}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            placeholder="What was done for the customer"
          />
          <button type="submit" className="btn btn-danger" disabled={busy !== null}>
            Close case
          </button>
        </form>
      </section>
      <ProfilePanel profile={profile ?? null} />
      {articles.viewer}
    </div>
  );
}
