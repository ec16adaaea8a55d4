import { useCallback, useRef, useState } from 'react';
import { api, enc } from '../api/http';
import { followStream } from '../api/sse';
import type { Transcript } from '../api/types';

/** How long a message waits at most for the stream of its conversation to be connected. */
const CONNECT_WAIT_MS = 3000;

export interface LiveStreamOptions {
  token: string;
  /** the token is no longer valid (the stream answered 401, or the server ended it because the token expired) */
  onExpired: () => void;
  /** one event of the conversation */
  onEvent: (name: string, data: Record<string, unknown>) => void;
  /** the transcript, fetched again after a reconnect because events may have been missed meanwhile */
  onResync: (transcript: Transcript) => void;
}

/**
 * The live events of one conversation at a time: `open` follows a conversation's stream (ending the previous one),
 * `stop` ends it, `whenConnected` resolves once the stream is connected (or after a few seconds at most), and
 * `reconnecting` is true while the stream is down.
 */
export function useLiveStream({ token, onExpired, onEvent, onResync }: LiveStreamOptions) {
  const stream = useRef<AbortController | null>(null);
  const connected = useRef<Promise<void>>(Promise.resolve());
  const [reconnecting, setReconnecting] = useState(false);

  const open = useCallback(
    (conversationId: string) => {
      stream.current?.abort();
      const ctrl = new AbortController();
      stream.current = ctrl;
      let wasDown = false;
      connected.current = new Promise<void>((resolve) => {
        setTimeout(resolve, CONNECT_WAIT_MS); // never hold a message back for long
        void followStream({
          url: `/api/conversations/${enc(conversationId)}/events`,
          token,
          signal: ctrl.signal,
          onUnauthorized: onExpired,
          onEvent: (name, data) => onEvent(name, data as Record<string, unknown>),
          onConnection: (up) => {
            setReconnecting(!up);
            if (up) {
              resolve();
              if (wasDown) {
                // events may have been missed while disconnected: the transcript has them
                api<Transcript>(`/api/conversations/${enc(conversationId)}`, { token })
                  .then((t) => {
                    if (!ctrl.signal.aborted) onResync(t);
                  })
                  .catch(() => {});
              }
            }
            wasDown = !up;
          },
        });
      });
    },
    [token, onExpired, onEvent, onResync],
  );

  const stop = useCallback(() => stream.current?.abort(), []);
  const whenConnected = useCallback(() => connected.current, []);

  return { open, stop, whenConnected, reconnecting };
}
