import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/http';
import { sessionFrom, type LoginResponse } from '../api/session';
import type { Session } from '../api/types';
import { BrandMark } from '../ui/BrandMark';

export function LoginPage({
  onLogin,
  notice,
  noticeTone = 'warn',
}: {
  onLogin: (s: Session) => void;
  notice?: string;
  /** warn: something ended (an expired session); success: a password was just set */
  noticeTone?: 'warn' | 'success';
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!email.trim() || !password) {
      setError('Please enter your email and password.');
      (email.trim() ? null : emailRef.current)?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      const res = await api<LoginResponse>('/api/auth/login', {
        method: 'POST',
        body: { email: email.trim(), password },
      });
      setPassword('');
      onLogin(sessionFrom(res));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-card">
        <h1>
          <BrandMark size={32} />
          SMART Support
        </h1>
        <p className="lead">
          Sign in to chat with an assistant that knows your orders and account. A person is one click away.
        </p>
        {notice && !error && (
          <p className={`banner banner-${noticeTone}`} role="status">
            {notice}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? 'login-error' : undefined}>
          <label htmlFor="email">Email</label>
          <input
            id="email"
            ref={emailRef}
            type="email"
            autoComplete="username"
            value={email}
            autoFocus
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!error || undefined}
          />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!error || undefined}
          />
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="muted small">
          Demo: <code>carlos.diaz@example.com</code> (customer), <code>agent.lee@example.com</code> (agent) or{' '}
          <code>admin@example.com</code> (knowledge base and agents), password <code>support-demo</code>.
        </p>
      </div>
    </main>
  );
}
