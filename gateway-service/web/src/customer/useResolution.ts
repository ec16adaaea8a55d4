import { useCallback, useState, type Dispatch } from 'react';
import { ApiError, api, enc } from '../api/http';
import type { ResolutionAnswer } from '../api/types';
import type { ChatAction } from './chatState';

export interface ResolutionOptions {
  token: string;
  /** the conversation on screen */
  conversationId: string | null;
  dispatch: Dispatch<ChatAction>;
  /** pauses before asking again when the reply is not found yet (it is stored a moment after it is shown) */
  retryPauses?: number[];
}

const PAUSES = [700, 1500];

export const NO_SUCH_REPLY = 'We could not record your answer for this reply. Please try again in a moment.';

/**
 * The customer's answer to "Did this solve it?": `answer(replyId, solved)` posts
 * `POST /api/conversations/{id}/resolution {replyId, solved}` and puts the server's answer (the outcome, set when the
 * answer was yes, and the answer as stored) into the chat; it resolves to true once the answer is recorded.
 * `pending` is the reply whose answer is on its way; `error` what went wrong (for that reply), until the next try.
 *
 * A reply is shown as it streams in and stored a moment later: a `404` right after it finished is asked again after
 * a short pause (twice) before it is shown as an error. A `409` (the conversation went to a person or was closed
 * meanwhile) shows the server's reason.
 */
export function useResolution({ token, conversationId, dispatch, retryPauses = PAUSES }: ResolutionOptions) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<{ replyId: string; message: string } | null>(null);

  const answer = useCallback(
    async (replyId: string, solved: boolean): Promise<boolean> => {
      if (!conversationId) return false;
      setPending(replyId);
      setError(null);
      const post = () =>
        api<ResolutionAnswer | null>(`/api/conversations/${enc(conversationId)}/resolution`, {
          method: 'POST',
          body: { replyId, solved },
          token,
        });
      try {
        let answered: ResolutionAnswer | null = null;
        for (let attempt = 0; ; attempt++) {
          try {
            answered = await post();
            break;
          } catch (e) {
            if (!(e instanceof ApiError && e.status === 404) || attempt >= retryPauses.length) throw e;
            await new Promise((resolve) => setTimeout(resolve, retryPauses[attempt]));
          }
        }
        dispatch({
          type: 'answered',
          conversationId,
          outcome: answered?.outcome ?? null,
          helpful: answered?.helpful ?? { replyId, solved, answeredAt: new Date().toISOString() },
        });
        return true;
      } catch (e) {
        const status = e instanceof ApiError ? e.status : -1;
        setError({ replyId, message: status === 404 ? NO_SUCH_REPLY : (e as Error).message });
        return false;
      } finally {
        setPending(null);
      }
    },
    [token, conversationId, dispatch, retryPauses],
  );

  return { pending, error, answer };
}
