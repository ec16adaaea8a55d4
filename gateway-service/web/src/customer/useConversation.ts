import { startTransition, useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { api, enc } from '../api/http';
import type { Transcript } from '../api/types';
import { chatReducer, emptyChat } from './chatState';
import { ConversationSwitches } from './conversationSwitches';
import { useConversationList } from './useConversationList';
import { useLiveStream } from './useLiveStream';

export interface ConversationOptions {
  token: string;
  onExpired: () => void;
  /** shows an error to the customer ('' clears it) */
  setError: (message: string) => void;
}

/**
 * The conversation on screen and the customer's list of conversations: on start the newest one opens (unless the
 * customer already chose or started one), `open` shows another, `start` creates a new one, and `destination` is the
 * conversation a message or a request goes to, once no switch is in flight. The shown conversation follows its live
 * events.
 */
export function useConversation({ token, onExpired, setError }: ConversationOptions) {
  const [chat, dispatch] = useReducer(chatReducer, emptyChat);
  const chatRef = useRef(chat);
  useLayoutEffect(() => {
    chatRef.current = chat;
  }, [chat]);
  const { conversations, reload } = useConversationList(token);
  const [ready, setReady] = useState(false); // the newest conversation is open (or there is none)
  const [switches] = useState(() => new ConversationSwitches());
  const shownId = useRef<string | null>(null); // the conversation on screen, set as soon as it is chosen
  const history = useRef(new Set<string>()); // the messages loaded with a transcript, not new on this page

  const show = useCallback((t: Transcript) => {
    for (const m of t.messages ?? []) history.current.add(m.messageId);
    shownId.current = t.conversationId;
    // a long transcript is rendered in slices that leave the page responsive (a transition), not in one long task;
    // events that arrive meanwhile are applied after it, in order
    startTransition(() => dispatch({ type: 'loaded', transcript: t }));
  }, []);
  const onEvent = useCallback(
    (name: string, data: Record<string, unknown>) => dispatch({ type: 'event', name, id: null, data }),
    [],
  );
  const stream = useLiveStream({ token, onExpired, onEvent, onResync: show });
  const { open: follow, stop } = stream;

  const open = useCallback(
    (conversationId: string) => {
      setError('');
      const current = switches.begin();
      return switches.track(
        (async () => {
          const t = await api<Transcript>(`/api/conversations/${enc(conversationId)}`, { token });
          if (!current()) return; // another conversation was chosen meanwhile
          show(t);
          if (t.status !== 'CLOSED') follow(conversationId);
          else stop();
        })(),
      );
    },
    [token, setError, switches, show, follow, stop],
  );

  const refreshList = useCallback(() => void reload().catch(() => {}), [reload]);

  const start = useCallback(() => {
    const current = switches.begin();
    return switches.track(
      (async () => {
        const { conversationId } = await api<{ conversationId: string }>('/api/conversations', {
          method: 'POST',
          token,
        });
        if (current()) {
          shownId.current = conversationId;
          dispatch({
            type: 'loaded',
            transcript: {
              conversationId,
              status: 'OPEN',
              messages: [],
              actions: [],
              outcome: null,
              helpful: null,
              handBack: null,
            },
          });
          follow(conversationId);
        }
        refreshList();
        return conversationId;
      })(),
    );
  }, [token, switches, follow, refreshList]);

  useEffect(() => {
    let live = true;
    switches.track(
      reload()
        .then((list) => {
          // open the newest conversation, unless the customer already chose or started one
          if (live && list.length && !switches.begun) return open(list[0].conversationId);
        })
        .catch((e: Error) => live && setError(e.message))
        .finally(() => live && setReady(true)),
    );
    return () => {
      live = false;
      stop();
    };
  }, [reload, open, stop, switches, setError]);

  /**
   * The conversation a message or a request goes to, once the one on screen is open: that one, or a new one where
   * none is shown (or, with `newIfClosed`, where the one shown is closed).
   */
  const destination = useCallback(
    async ({ newIfClosed }: { newIfClosed: boolean }) => {
      await switches.settled(); // a fast typist may press Enter before the conversation on screen has opened
      const conversationId = shownId.current;
      const closed =
        newIfClosed && chatRef.current.conversationId === conversationId && chatRef.current.status === 'CLOSED';
      return !conversationId || closed ? start() : conversationId;
    },
    [switches, start],
  );

  const wasLoaded = useCallback((messageId: string) => history.current.has(messageId), []);

  return {
    chat,
    dispatch,
    conversations,
    ready,
    reconnecting: stream.reconnecting,
    open,
    start,
    destination,
    whenConnected: stream.whenConnected,
    refreshList,
    wasLoaded,
  };
}
