import { useCallback, type Dispatch } from 'react';
import { api, enc } from '../api/http';
import type { Feedback } from '../api/types';
import type { ChatAction } from './chatState';

export interface RatingOptions {
  token: string;
  /** the conversation shown (null when none is) */
  conversationId: string | null;
  dispatch: Dispatch<ChatAction>;
  /** the list shows each conversation's rating: fetch it again */
  refreshList: () => void;
}

/** `rate` sends the customer's rating (and comment, if any) of the closed conversation; a failure is thrown. */
export function useRating({ token, conversationId, dispatch, refreshList }: RatingOptions) {
  return useCallback(
    async (rating: number, comment: string) => {
      if (!conversationId) return;
      const feedback = await api<Feedback>(`/api/conversations/${enc(conversationId)}/feedback`, {
        method: 'POST',
        body: comment ? { rating, comment } : { rating },
        token,
      });
      dispatch({ type: 'rated', feedback: feedback ?? { rating } });
      refreshList();
    },
    [token, conversationId, dispatch, refreshList],
  );
}
