import { useCallback, useEffect, useState } from 'react';
import { api, enc, setUnauthorizedHandler } from '../api/http';
import { sessionFrom, type LoginResponse } from '../api/session';
import type { Session } from '../api/types';
import { ChatPage } from '../customer/ChatPage';
import { FollowUp } from './FollowUp';
import { CLOSE, identityFrom, READY, tellParent, type Embed } from './messages';

type State =
  | { phase: 'loading' }
  | { phase: 'unavailable'; message: string }
  | { phase: 'waiting'; embed: Embed; message: string }
  | { phase: 'chat'; embed: Embed; session: Session; guest: boolean };

const ENDED = 'Your chat session has ended. Reload the page to chat again.';

/**
 * The chat inside the widget's frame on a shop's page: the shop's page signs its customer in (an identity token,
 * passed by the loader), or, where the site allows it, a visitor chats as a guest. The session lives in this
 * frame's memory only.
 */
export function WidgetApp({ siteId }: { siteId: string }) {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    api<Embed>(`/api/sites/${enc(siteId)}/embed`)
      .then((embed) => live && setState({ phase: 'waiting', embed, message: '' }))
      .catch(() => live && setState({ phase: 'unavailable', message: 'This chat is not available here.' }));
    return () => {
      live = false;
    };
  }, [siteId]);

  const embed = state.phase === 'waiting' || state.phase === 'chat' ? state.embed : null;
  const signedIn = state.phase === 'chat';

  const signIn = useCallback(async (embed: Embed, path: string, body: unknown) => {
    try {
      const res = await api<LoginResponse>(path, { method: 'POST', body });
      setState({ phase: 'chat', embed, session: sessionFrom(res), guest: path.endsWith('/guest') });
    } catch (e) {
      setState({ phase: 'waiting', embed, message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    if (!embed || signedIn) return;
    const onMessage = (event: MessageEvent) => {
      const identityToken = identityFrom(event, window.parent, embed);
      if (identityToken) void signIn(embed, '/api/auth/identity', { identityToken, siteId: embed.siteId });
    };
    window.addEventListener('message', onMessage);
    tellParent(window.parent, embed, READY);
    return () => window.removeEventListener('message', onMessage);
  }, [embed, signedIn, signIn]);

  // Escape in the chat closes the widget (the page cannot hear keys pressed in the frame), unless it closes a
  // dialog of the chat first (an article opened from a reply)
  useEffect(() => {
    if (!embed) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('dialog[open]')) {
        tellParent(window.parent, embed, CLOSE);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [embed]);

  const ended = useCallback(() => {
    setState((s) => (s.phase === 'chat' ? { phase: 'unavailable', message: ENDED } : s));
  }, []);
  useEffect(() => setUnauthorizedHandler(ended), [ended]);

  if (state.phase === 'loading') return <p className="muted center">Loading the chat…</p>;
  if (state.phase === 'unavailable') {
    return (
      <p className="center" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.phase === 'chat') {
    return (
      <>
        {state.guest && <FollowUp token={state.session.accessToken} />}
        <ChatPage
          key={state.session.accessToken}
          session={state.session}
          onSignOut={() => {
            setState({ phase: 'waiting', embed: state.embed, message: '' });
            tellParent(window.parent, state.embed, CLOSE);
          }}
          onExpired={ended}
        />
      </>
    );
  }
  return (
    <main className="widget-waiting center">
      <h1>Chat with {state.embed.name}</h1>
      {state.message && <p role="alert">{state.message}</p>}
      <p className="muted">Sign in on this site to chat with us about your orders and account.</p>
      {state.embed.guestChats && (
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void signIn(state.embed, '/api/auth/guest', { siteId: state.embed.siteId })}>
          Chat as a guest
        </button>
      )}
    </main>
  );
}
