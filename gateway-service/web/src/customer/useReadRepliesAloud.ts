import { useEffect, useRef } from 'react';
import type { ChatMessage } from './chatState';

/**
 * Reads aloud each reply and agent message as it completes, once; not the history loaded with a conversation
 * (`wasLoaded`). `speak` honours the customer's choice: what completes while reading aloud is off is not read later.
 */
export function useReadRepliesAloud(
  messages: ChatMessage[],
  speak: (text: string) => void,
  wasLoaded: (messageId: string) => boolean,
) {
  const spoken = useRef(new Set<string>());
  useEffect(() => {
    for (const m of messages) {
      if (
        (m.role === 'assistant' || m.role === 'agent') &&
        !m.streaming &&
        !spoken.current.has(m.id) &&
        !wasLoaded(m.id)
      ) {
        spoken.current.add(m.id);
        speak(m.text);
      }
    }
  }, [messages, speak, wasLoaded]);
}
