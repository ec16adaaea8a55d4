import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api/http';
import { BrandMark } from '../ui/BrandMark';

export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 200;

export const LINK_GONE =
  'This invitation link has already been used or has expired. Ask your administrator to invite you again.';

/**
 * What an invited agent opens (`#/invitation/<token>`): they choose a password, typed twice, and are sent to sign
 * in. The link works once: a used, expired or withdrawn one (`410`) says so and offers the sign-in page instead.
 */
export function InvitationPage({
  token,
  onAccepted,
  onSignIn,
}: {
  token: string;
  /** the password is set: the app shows the sign-in page with a note */
  onAccepted: () => void;
  /** to the sign-in page without setting a password */
  onSignIn: () => void;
}) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<{ text: string; field: 'password' | 'repeat' | null } | null>(null);
  const [gone, setGone] = useState(false);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);

  const fail = (text: string, field: 'password' | 'repeat' | null) => {
    setError({ text, field });
    (field === 'repeat' ? second : field === 'password' ? first : null)?.current?.focus();
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (password.length < MIN_PASSWORD)
      return fail(`The password needs at least ${MIN_PASSWORD} characters.`, 'password');
    if (password.length > MAX_PASSWORD)
      return fail(`The password can have at most ${MAX_PASSWORD} characters.`, 'password');
    if (repeat !== password)
      return fail('The two passwords are not the same. Type the same password in both fields.', 'repeat');
    setBusy(true);
    setError(null);
    try {
      await api<void>(`/api/auth/invitations/${enc(token)}`, { method: 'POST', body: { password } });
      setPassword('');
      setRepeat('');
      onAccepted();
    } catch (e) {
      if (e instanceof ApiError && e.status === 410) {
        setGone(true);
      } else if (e instanceof ApiError && e.status === 400) {
        const detail = e.fieldErrors.find((f) => f.field === 'password')?.message;
        fail(
          detail
            ? `The password was refused: ${detail}.`
            : `The password was refused. Use ${MIN_PASSWORD} to ${MAX_PASSWORD} characters.`,
          'password',
        );
      } else {
        fail((e as Error).message, null);
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: 'password' | 'repeat') => error?.field === field || undefined;
  return (
    <main className="login" id="main">
      <div className="login-card">
        <p className="brand-line">
          <BrandMark size={32} />
          SMART Support
        </p>
        <h1>Set your password</h1>
        {gone ? (
          <>
            <p className="banner banner-warn" role="alert">
              {LINK_GONE}
            </p>
            <button type="button" className="btn btn-primary btn-block" onClick={onSignIn}>
              Go to sign in
            </button>
          </>
        ) : (
          <>
            <p className="lead">
              You have been invited to answer customers as an agent. Choose the password you will sign in with.
            </p>
            <form onSubmit={(e) => void submit(e)} noValidate>
              <label htmlFor="new-password">New password</label>
              <input
                id="new-password"
                ref={first}
                type="password"
                autoComplete="new-password"
                value={password}
                autoFocus
                maxLength={MAX_PASSWORD + 50}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={invalid('password')}
                aria-describedby={`password-rules${error?.field === 'password' ? ' invitation-error' : ''}`}
              />
              <p id="password-rules" className="muted small">
                At least {MIN_PASSWORD} characters. A few unrelated words make a strong password that is easy to
                remember.
              </p>
              <label htmlFor="repeat-password">Repeat the password</label>
              <input
                id="repeat-password"
                ref={second}
                type="password"
                autoComplete="new-password"
                value={repeat}
                maxLength={MAX_PASSWORD + 50}
                onChange={(e) => setRepeat(e.target.value)}
                aria-invalid={invalid('repeat')}
                aria-describedby={error?.field === 'repeat' ? 'invitation-error' : undefined}
              />
              <p id="invitation-error" className="error" role="alert">
                {error?.text ?? ''}
              </p>
              <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
                {busy ? 'Setting the password…' : 'Set password'}
              </button>
            </form>
            <p className="muted small">
              Already set it?{' '}
              <button type="button" className="link-btn" onClick={onSignIn}>
                Sign in
              </button>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
