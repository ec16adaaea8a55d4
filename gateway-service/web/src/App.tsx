import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api/http';
import { loadSession, saveSession } from './api/session';
import type { Session } from './api/types';
import { ChatPage } from './customer/ChatPage';
import { LoginPage } from './login/LoginPage';
import { invitationToken, useRoute } from './ui/route';

// agents are few: their console is loaded only when one signs in
const AgentConsole = lazy(() => import('./agent/AgentConsole').then((m) => ({ default: m.AgentConsole })));
// and administrators fewer still: their pages (knowledge base, agents) likewise
const AdminApp = lazy(() => import('./admin/AdminApp').then((m) => ({ default: m.AdminApp })));
// an invitation link is opened once per agent
const InvitationPage = lazy(() => import('./invitation/InvitationPage').then((m) => ({ default: m.InvitationPage })));

const EXPIRED = 'Your session has expired. Please sign in again.';
export const PASSWORD_SET = 'Your password is set. Sign in with your e-mail address and the new password.';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState('');
  const [route, go] = useRoute();

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

  const token = invitationToken(route);
  if (token) {
    // the one-time token leaves the address bar and the history once the page is done with it; once the password
    // is set, whoever was signed in in this tab is signed out, so the new agent signs in next
    const leave = () => go('', { replace: true });
    const accepted = () => {
      signOut(PASSWORD_SET);
      leave();
    };
    return (
      <Suspense fallback={<p className="muted center">Loading…</p>}>
        <InvitationPage token={token} onAccepted={accepted} onSignIn={leave} />
      </Suspense>
    );
  }

  if (!session)
    return <LoginPage onLogin={signIn} notice={notice} noticeTone={notice === PASSWORD_SET ? 'success' : 'warn'} />;
  if (session.role === 'AGENT') {
    return (
      <Suspense fallback={<p className="muted center">Loading the agent console…</p>}>
        <AgentConsole key={session.accessToken} session={session} onSignOut={() => signOut()} onExpired={expired} />
      </Suspense>
    );
  }
  if (session.role === 'ADMIN') {
    return (
      <Suspense fallback={<p className="muted center">Loading…</p>}>
        <AdminApp key={session.accessToken} session={session} route={route} onSignOut={() => signOut()} />
      </Suspense>
    );
  }
  return <ChatPage key={session.accessToken} session={session} onSignOut={() => signOut()} onExpired={expired} />;
}
