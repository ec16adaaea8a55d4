import { useCallback, useState, type Dispatch } from 'react';
import { ApiError, api, enc } from '../api/http';
import type { Transcript } from '../api/types';
import { actionFrom, actionsFrom } from './actions';
import type { ChatAction } from './chatState';

export type Decision = 'confirm' | 'decline';

export interface ActionsOptions {
  token: string;
  /** the conversation on screen */
  conversationId: string | null;
  dispatch: Dispatch<ChatAction>;
}

export const GONE = 'This offer is no longer available.';
export const ALREADY_DECIDED = 'This has already been decided.';

/**
 * Confirming or declining what the assistant proposed: `decide(actionId, 'confirm' | 'decline')` posts it and puts
 * the answer (the action as it now is) into the chat; `pending` says which actions wait for an answer, and how;
 * `errors` what went wrong, per action, until the next try. A `409` (decided already, e.g. in another tab) fetches
 * the conversation's actions again.
 */
export function useActions({ token, conversationId, dispatch }: ActionsOptions) {
  const [pending, setPending] = useState<Readonly<Record<string, Decision>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});

  const decide = useCallback(
    async (actionId: string, decision: Decision) => {
      if (!conversationId) return;
      const base = `/api/conversations/${enc(conversationId)}`;
      setPending((p) => ({ ...p, [actionId]: decision }));
      setErrors((e) => without(e, actionId));
      try {
        const answer = await api<unknown>(`${base}/actions/${enc(actionId)}/${decision}`, { method: 'POST', token });
        const action = actionFrom(answer);
        if (action) dispatch({ type: 'actionsLoaded', conversationId, actions: [action] });
      } catch (e) {
        const status = e instanceof ApiError ? e.status : -1;
        if (status === 409) {
          // decided already: the conversation says how (the stream may have said so too)
          const actions = await api<Transcript>(base, { token })
            .then((t) => actionsFrom(t.actions))
            .catch(() => null);
          if (actions) dispatch({ type: 'actionsLoaded', conversationId, actions });
          const now = actions?.find((a) => a.actionId === actionId);
          if (!now || now.status === 'PROPOSED') setErrors((x) => ({ ...x, [actionId]: ALREADY_DECIDED }));
        } else {
          setErrors((x) => ({ ...x, [actionId]: status === 404 ? GONE : (e as Error).message }));
        }
      } finally {
        setPending((p) => without(p, actionId));
      }
    },
    [token, conversationId, dispatch],
  );

  return { pending, errors, decide };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
