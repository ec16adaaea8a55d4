import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api/http';
import { loadSession, saveSession } from './api/session';
import type { Session } from './api/types';
import { ChatPage } from './customer/ChatPage';
import { LoginPage } from './login/LoginPage';

// agents are few: their console is loaded only when one signs in
const AgentConsole = lazy(() => import('./agent/AgentConsole').then((m) => ({ default: m.AgentConsole })));
// and administrators fewer still: the knowledge base view likewise
const KnowledgeBasePage = lazy(() => import('./admin/KnowledgeBasePage').then((m) => ({ default: m.KnowledgeBasePage })));

const EXPIRED = 'Your session has expired. Please sign in again.';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState('');

  const signOut = useCallback((message = '') => {
    saveSession(null);
    setNotice(message);
    setSession(null);
  }, []);
  const expired = useCallback(() => signOut(EXPIRED), [signOut]);

  useEffect(() => {
    setUnauthorizedHandler(expired);
  }, [expired]);

  // end the session when the token does, rather than failing on the next click
  useEffect(() => {
    if (!session) return;
    const t = setTimeout(expired, Math.min(2 ** 31 - 1, Math.max(0, session.expiresAt - Date.now())));
    return () => clearTimeout(t);
  }, [session, expired]);

  const signIn = (s: Session) => {
    saveSession(s);
    setNotice('');
    setSession(s);
  };

  if (!session) return <LoginPage onLogin={signIn} notice={notice} />;
  if (session.role === 'AGENT') {
    return (
      <Suspense fallback={<p className="muted center">Loading the agent console…</p>}>
        <AgentConsole key={session.accessToken} session={session} onSignOut={() => signOut()} onExpired={expired} />
      </Suspense>
    );
  }
  if (session.role === 'ADMIN') {
    return (
      <Suspense fallback={<p className="muted center">Loading the knowledge base…</p>}>
        <KnowledgeBasePage key={session.accessToken} session={session} onSignOut={() => signOut()} />
      </Suspense>
    );
  }
  return <ChatPage key={session.accessToken} session={session} onSignOut={() => signOut()} onExpired={expired} />;
}
