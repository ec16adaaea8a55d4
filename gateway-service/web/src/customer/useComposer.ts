import { useRef, useState, type Dispatch } from 'react';
import { api, enc, newIdempotencyKey, withRetries } from '../api/http';
import { formatCount } from '../ui/format';
import type { ChatAction } from './chatState';

export const MAX_LENGTH = 4000;

export interface ComposerOptions {
  token: string;
  /** the conversation the message goes to (a new one when none is shown or the one shown is closed) */
  destination: (options: { newIfClosed: boolean }) => Promise<string>;
  /** resolves once the conversation's live events are followed, so the reply is not missed */
  whenConnected: () => Promise<void>;
  dispatch: Dispatch<ChatAction>;
  setError: (message: string) => void;
}

/**
 * The message box: the draft, and `send`, which shows the message at once, sends it (retrying a brief failure with
 * the same Idempotency-Key) and, if that fails, takes it off the transcript and puts it back in the box.
 */
export function useComposer({ token, destination, whenConnected, dispatch, setError }: ComposerOptions) {
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  /** The message being sent, with its Idempotency-Key, until the server has accepted it. */
  const unsent = useRef<{ text: string; key: string } | null>(null);

  const send = async () => {
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
      const conversationId = await destination({ newIfClosed: true });
      await whenConnected();
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

  const focus = () => input.current?.focus();

  return { draft, setDraft, sending, send, input, focus };
}
