import { useCallback, useState } from 'react';
import { api } from '../api/http';
import type { ConversationSummary } from '../api/types';

/** The customer's conversations (null until first loaded), and `reload` that fetches them again. */
export function useConversationList(token: string) {
  const [conversations, setConversations] = useState<ConversationSummary[] | null>(null);
  const reload = useCallback(async () => {
    const list = await api<ConversationSummary[]>('/api/conversations', { token });
    const items = Array.isArray(list) ? list : [];
    setConversations(items);
    return items;
  }, [token]);
  return { conversations, reload };
}
