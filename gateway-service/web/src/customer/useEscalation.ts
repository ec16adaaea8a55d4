import { useState, type Dispatch } from 'react';
import { api, enc } from '../api/http';
import type { ChatAction } from './chatState';

export interface EscalationOptions {
  token: string;
  /** the conversation to hand off (a new one when none is shown) */
  destination: (options: { newIfClosed: boolean }) => Promise<string>;
  dispatch: Dispatch<ChatAction>;
  setError: (message: string) => void;
}

/** "Talk to a person": asks for a human agent who speaks the customer's language. */
export function useEscalation({ token, destination, dispatch, setError }: EscalationOptions) {
  const [escalating, setEscalating] = useState(false);
  const escalate = async () => {
    setError('');
    setEscalating(true);
    try {
      const conversationId = await destination({ newIfClosed: false });
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
  return { escalating, escalate };
}

/** The customer's language as their browser states it (two letters), for an agent who speaks it. */
export function clientLanguage(): string | undefined {
  const code = (navigator.language || '').slice(0, 2).toLowerCase();
  return /^[a-z]{2}$/.test(code) ? code : undefined;
}
