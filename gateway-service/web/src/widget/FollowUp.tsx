import { useState, type FormEvent } from 'react';
import { api, enc } from '../api/http';
import type { ConversationSummary } from '../api/types';

/**
 * A guest (no profile) leaves an e-mail address so that an agent can follow up: it is kept on the guest's latest
 * conversation, for agents only (never in the assistant's prompt).
 */
export function FollowUp({ token }: { token: string }) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<{ busy: boolean; message: string; saved: boolean }>({
    busy: false,
    message: '',
    saved: false,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, message: '', saved: false });
    try {
      const list = await api<ConversationSummary[]>('/api/conversations', { token });
      const newest = [...list].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))[0];
      if (!newest) {
        setState({ busy: false, message: 'Write your question first, then leave your e-mail here.', saved: false });
        return;
      }
      await api(`/api/conversations/${enc(newest.conversationId)}/contact`, {
        method: 'PUT',
        body: { email: email.trim() },
        token,
      });
      setState({
        busy: false,
        message: `Thank you: we will write to ${email.trim()} if we need to follow up.`,
        saved: true,
      });
    } catch (err) {
      setState({ busy: false, message: (err as Error).message, saved: false });
    }
  };

  return (
    <form className="follow-up" onSubmit={(e) => void submit(e)} aria-label="Follow-up e-mail">
      <label htmlFor="follow-up-email">Your e-mail, if you would like us to follow up (optional)</label>
      <div className="follow-up-row">
        <input
          id="follow-up-email"
          type="email"
          autoComplete="email"
          required
          maxLength={320}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="btn btn-secondary" disabled={state.busy}>
          Save
        </button>
      </div>
      <p role="status" className={state.saved ? 'muted' : undefined}>
        {state.message}
      </p>
    </form>
  );
}
