import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, ApiError, enc } from '../api/http';
import type { AgentAccount, AgentStatus, Session } from '../api/types';
import { AppHeader } from '../ui/AppHeader';
import { SkipLink } from '../ui/SkipLink';
import { formatDate } from '../ui/format';
import { AdminNav, useFocusOnArrival } from './AdminNav';
import { choicesWith, languageLabel, languageList } from './languages';

export const MAX_CASES = 20;
const DEFAULT_CASES = 3;

type Field = 'name' | 'email' | 'languages' | 'maxCases';
type Errors = Partial<Record<Field, string>>;
const FIELDS: Field[] = ['name', 'email', 'languages', 'maxCases'];

interface Values {
  name: string;
  email?: string;
  languages: string[];
  maxCases: string;
}

const STATUS: Record<AgentStatus, string> = { INVITED: 'Invited', ACTIVE: 'Active', DEACTIVATED: 'Deactivated' };
const SINCE: Record<AgentStatus, string> = {
  INVITED: 'Invited on',
  ACTIVE: 'Active since',
  DEACTIVATED: 'Deactivated on',
};

const count = (n: number) => `${n} agent${n === 1 ? '' : 's'}`;

/** What is wrong with the form before anything is sent (the server checks the same again). */
export function validate(v: Values): Errors {
  const errors: Errors = {};
  if (!v.name.trim()) errors.name = 'Enter the agent’s name.';
  else if (v.name.trim().length > 100) errors.name = 'The name can have at most 100 characters.';
  if (v.email !== undefined) {
    const email = v.email.trim();
    if (!email) errors.email = 'Enter the agent’s e-mail address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320)
      errors.email = 'Enter an e-mail address such as name@example.com.';
  }
  if (v.languages.length === 0) errors.languages = 'Choose at least one language.';
  else if (v.languages.length > 10) errors.languages = 'Choose at most 10 languages.';
  const cases = Number(v.maxCases);
  if (!/^\d+$/.test(v.maxCases.trim()) || cases < 1 || cases > MAX_CASES) {
    errors.maxCases = `Enter a whole number from 1 to ${MAX_CASES}.`;
  }
  return errors;
}

/** A validation problem's field errors (`languages[0]` counts for languages), by field; the rest as one message. */
function serverErrors(e: unknown): { errors: Errors; other: string } {
  if (!(e instanceof ApiError)) return { errors: {}, other: (e as Error).message };
  const errors: Errors = {};
  for (const f of e.fieldErrors) {
    const field = f.field.replace(/\[\d+\]$/, '') as Field;
    if (FIELDS.includes(field) && !errors[field]) errors[field] = sentence(f.message);
  }
  if (e.status === 409 && !errors.email) errors.email = e.message;
  return { errors, other: Object.keys(errors).length ? '' : e.message };
}

const sentence = (s: string) => (s ? `${s[0].toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}` : s);

/**
 * The administrator's agents (`/api/admin/agents`): who they are, their status, languages and how many cases they
 * hold at once; inviting one (the one-time link is e-mailed, or shown here to be passed on when no SMTP server is
 * set up), changing languages and cap, deactivating (after a confirmation).
 */
export function AgentsPage({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const token = session.accessToken;
  const [agents, setAgents] = useState<AgentAccount[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [invited, setInvited] = useState<AgentAccount | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AgentAccount | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  /** where focus goes once the list has re-rendered (a Change button, a card's heading) */
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a new load clears the error of the last one
    setLoadError('');
    api<AgentAccount[]>('/api/admin/agents', { token, signal: ctrl.signal })
      .then((list) => setAgents(Array.isArray(list) ? list : []))
      .catch((e: Error) => {
        if (!ctrl.signal.aborted) setLoadError(e.message);
      });
    return () => ctrl.abort();
  }, [token, attempt]);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const replace = (agent: AgentAccount) =>
    setAgents((list) =>
      (list ?? []).map((a) => (a.agentId === agent.agentId ? { ...a, ...agent, inviteUrl: undefined } : a)),
    );

  const onInvited = (agent: AgentAccount) => {
    setAgents((list) =>
      [...(list ?? []).filter((a) => a.agentId !== agent.agentId), { ...agent, inviteUrl: undefined }].sort((a, b) =>
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
      ),
    );
    setInvited(agent);
    setAnnouncement(
      agent.inviteUrl
        ? `${agent.name} is invited. Copy the invitation link below and send it to them.`
        : `${agent.name} is invited. An invitation e-mail was sent to ${agent.email}.`,
    );
  };

  const onSaved = (agent: AgentAccount) => {
    replace(agent);
    setEditing(null);
    focusNext.current = `change-${agent.agentId}`;
    setAnnouncement(
      `Saved. ${agent.name} takes ${languageList(agent.languages)}, up to ${agent.maxCases} case${agent.maxCases === 1 ? '' : 's'} at once.`,
    );
  };

  const onDeactivated = (agent: AgentAccount) => {
    replace(agent);
    setConfirming(null);
    if (editing === agent.agentId) setEditing(null);
    focusNext.current = `agent-${agent.agentId}`;
    setAnnouncement(`${agent.name} is deactivated and can no longer sign in.`);
  };

  const closeConfirm = () => {
    if (confirming) focusNext.current = `deactivate-${confirming.agentId}`;
    setConfirming(null);
  };

  let status = 'Loading agents…';
  if (loadError) status = '';
  else if (agents) {
    const active = agents.filter((a) => a.status === 'ACTIVE').length;
    const open = agents.filter((a) => a.status === 'INVITED').length;
    status = agents.length ? `${count(agents.length)}: ${active} active, ${open} invited` : 'No agents yet.';
  }

  return (
    <div className="app admin">
      <SkipLink target="agent-name">Skip to the invitation form</SkipLink>
      <AppHeader who="Administrator" onSignOut={onSignOut}>
        <AdminNav current="agents" />
      </AppHeader>
      <main className="kb agents" id="main">
        <h1 ref={heading} tabIndex={-1}>
          Agents
        </h1>
        <p className="muted">
          Invite the people who answer customers, choose the languages they take and how many cases each holds at once.
        </p>
        <InviteForm token={token} onInvited={onInvited} />
        {invited?.inviteUrl && (
          <InviteLink
            agent={invited}
            onDone={() => {
              focusNext.current = 'agent-name';
              setInvited(null);
            }}
            onCopied={setAnnouncement}
          />
        )}
        <section className="agents-list" aria-labelledby="agents-title">
          <h2 id="agents-title">All agents</h2>
          <p className="kb-count muted">{status}</p>
          {loadError && (
            <div className="error-box">
              <p className="error" role="alert">
                {loadError}
              </p>
              <button type="button" className="btn btn-secondary" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            </div>
          )}
          {agents && agents.length > 0 && (
            <ul className="agent-cards">
              {agents.map((a) => (
                <AgentCard
                  key={a.agentId}
                  agent={a}
                  token={token}
                  editing={editing === a.agentId}
                  onEdit={() => setEditing(a.agentId)}
                  onCancelEdit={() => {
                    focusNext.current = `change-${a.agentId}`;
                    setEditing(null);
                  }}
                  onSaved={onSaved}
                  onDeactivate={() => setConfirming(a)}
                />
              ))}
            </ul>
          )}
        </section>
        <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      </main>
      {confirming && (
        <ConfirmDeactivate agent={confirming} token={token} onCancel={closeConfirm} onDone={onDeactivated} />
      )}
    </div>
  );
}

function InviteForm({ token, onInvited }: { token: string; onInvited: (a: AgentAccount) => void }) {
  const [values, setValues] = useState<Values>({
    name: '',
    email: '',
    languages: ['en'],
    maxCases: String(DEFAULT_CASES),
  });
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const found = validate(values);
    setErrors(found);
    setOther('');
    if (Object.keys(found).length) return focusFirstError(found);
    setBusy(true);
    try {
      const agent = await api<AgentAccount>('/api/admin/agents', {
        method: 'POST',
        token,
        body: {
          name: values.name.trim(),
          email: (values.email ?? '').trim(),
          languages: values.languages,
          maxCases: Number(values.maxCases),
        },
      });
      setValues({ name: '', email: '', languages: ['en'], maxCases: String(DEFAULT_CASES) });
      onInvited(agent);
    } catch (e) {
      const { errors: fromServer, other: message } = serverErrors(e);
      setErrors(fromServer);
      setOther(message);
      focusFirstError(fromServer);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel invite" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite an agent</h2>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div className="field-grid">
          <TextField
            id="agent-name"
            label="Name"
            value={values.name}
            error={errors.name}
            autoComplete="off"
            onChange={(name) => setValues((v) => ({ ...v, name }))}
            maxLength={100}
          />
          <TextField
            id="agent-email"
            label="E-mail"
            type="email"
            value={values.email ?? ''}
            error={errors.email}
            autoComplete="off"
            onChange={(email) => setValues((v) => ({ ...v, email }))}
            maxLength={320}
          />
          <CasesField
            id="agent-cases"
            value={values.maxCases}
            error={errors.maxCases}
            onChange={(maxCases) => setValues((v) => ({ ...v, maxCases }))}
          />
        </div>
        <LanguagesField
          id="agent-languages"
          value={values.languages}
          error={errors.languages}
          onChange={(languages) => setValues((v) => ({ ...v, languages }))}
        />
        {other && (
          <p className="error" role="alert">
            {other}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Sending the invitation…' : 'Send invitation'}
        </button>
      </form>
    </section>
  );
}

/** The link to pass on when no invitation e-mail was sent (no SMTP server): read-only, selectable, with a copy button. */
function InviteLink({
  agent,
  onDone,
  onCopied,
}: {
  agent: AgentAccount;
  onDone: () => void;
  onCopied: (text: string) => void;
}) {
  const box = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  const url = agent.inviteUrl ?? '';
  useEffect(() => {
    box.current?.focus();
  }, [url]);

  const copy = async () => {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      // no clipboard API (a page not served over https, an old browser): copy the selection instead
      input.current?.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
    const text = ok
      ? 'Link copied. Paste it into a message to the agent.'
      : 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
    if (!ok) input.current?.select();
    setCopied(text);
    onCopied(text);
  };

  return (
    <section ref={box} className="panel invite-link" aria-labelledby="invite-link-title" tabIndex={-1}>
      <h2 id="invite-link-title">Send the invitation to {agent.name}</h2>
      <p>
        No e-mail server is set up, so no e-mail was sent. Send this link to {agent.name} ({agent.email}) yourself, for
        example by e-mail or chat: with it they choose their password. It works once and expires (by default after 72
        hours). Anyone who has the link can use it, so send it only to them.
      </p>
      <label htmlFor="invite-url">Invitation link for {agent.name}</label>
      <div className="copy-row">
        <input id="invite-url" ref={input} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p className="muted small copy-state" aria-hidden="true">
        {copied}
      </p>
      <button type="button" className="btn btn-secondary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

function AgentCard({
  agent: a,
  token,
  editing,
  onEdit,
  onCancelEdit,
  onSaved,
  onDeactivate,
}: {
  agent: AgentAccount;
  token: string;
  editing: boolean;
  onEdit: () => void;
  onCancelEdit: () => void;
  onSaved: (a: AgentAccount) => void;
  onDeactivate: () => void;
}) {
  const deactivated = a.status === 'DEACTIVATED';
  const since = a.status === 'ACTIVE' ? a.activatedAt : a.status === 'DEACTIVATED' ? a.deactivatedAt : a.invitedAt;
  return (
    <li className={`agent-card${deactivated ? ' is-deactivated' : ''}`}>
      <div className="agent-head">
        <h3 id={`agent-${a.agentId}`} tabIndex={-1}>
          {a.name}
        </h3>
        <span className={`badge badge-agent-${a.status.toLowerCase()}`}>{STATUS[a.status] ?? a.status}</span>
      </div>
      <p className="agent-email">{a.email}</p>
      <dl className="facts">
        <dt>Languages</dt>
        <dd>{a.languages.length ? languageList(a.languages) : '—'}</dd>
        <dt>Cases at once</dt>
        <dd>{a.maxCases}</dd>
        {since && (
          <>
            <dt>{SINCE[a.status] ?? 'Since'}</dt>
            <dd>
              <time dateTime={since}>{formatDate(since)}</time>
            </dd>
          </>
        )}
      </dl>
      {!deactivated && !editing && (
        <div className="agent-actions">
          <button
            type="button"
            id={`change-${a.agentId}`}
            className="btn btn-secondary btn-small"
            onClick={onEdit}
            aria-label={`Change ${a.name}`}>
            Change
          </button>
          <button
            type="button"
            id={`deactivate-${a.agentId}`}
            className="btn btn-danger btn-small"
            onClick={onDeactivate}
            aria-label={`Deactivate ${a.name}`}>
            Deactivate
          </button>
        </div>
      )}
      {!deactivated && editing && <EditAgent agent={a} token={token} onCancel={onCancelEdit} onSaved={onSaved} />}
    </li>
  );
}

function EditAgent({
  agent,
  token,
  onCancel,
  onSaved,
}: {
  agent: AgentAccount;
  token: string;
  onCancel: () => void;
  onSaved: (a: AgentAccount) => void;
}) {
  const [values, setValues] = useState<Values>({
    name: agent.name,
    languages: agent.languages,
    maxCases: String(agent.maxCases),
  });
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const prefix = `edit-${agent.agentId}`;
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const found = validate(values);
    setErrors(found);
    setOther('');
    if (Object.keys(found).length) return focusFirstError(found);
    const change: Record<string, unknown> = {};
    if (values.name.trim() !== agent.name) change.name = values.name.trim();
    if (values.languages.join() !== agent.languages.join()) change.languages = values.languages;
    if (Number(values.maxCases) !== agent.maxCases) change.maxCases = Number(values.maxCases);
    if (!Object.keys(change).length) return onCancel();
    setBusy(true);
    try {
      onSaved(
        await api<AgentAccount>(`/api/admin/agents/${enc(agent.agentId)}`, { method: 'PATCH', token, body: change }),
      );
    } catch (e) {
      const { errors: fromServer, other: message } = serverErrors(e);
      setErrors(fromServer);
      setOther(message);
      focusFirstError(fromServer);
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      className="agent-edit"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={`Change ${agent.name}`}>
      <div className="field-grid">
        <TextField
          id={`${prefix}-name`}
          label="Name"
          value={values.name}
          error={errors.name}
          autoComplete="off"
          onChange={(name) => setValues((v) => ({ ...v, name }))}
          maxLength={100}
        />
        <CasesField
          id={`${prefix}-cases`}
          value={values.maxCases}
          error={errors.maxCases}
          onChange={(maxCases) => setValues((v) => ({ ...v, maxCases }))}
        />
      </div>
      <LanguagesField
        id={`${prefix}-languages`}
        value={values.languages}
        error={errors.languages}
        onChange={(languages) => setValues((v) => ({ ...v, languages }))}
      />
      {other && (
        <p className="error" role="alert">
          {other}
        </p>
      )}
      <div className="agent-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Deactivate Name?" in a modal dialog: focus starts on Cancel; Escape or Cancel keeps the agent. */
function ConfirmDeactivate({
  agent,
  token,
  onCancel,
  onDone,
}: {
  agent: AgentAccount;
  token: string;
  onCancel: () => void;
  onDone: (a: AgentAccount) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (typeof d.showModal === 'function') {
      if (!d.open) d.showModal();
    } else {
      d.setAttribute('open', ''); // no modal dialogs here (old engines, jsdom): shown in place
    }
    cancel.current?.focus();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      onDone(
        await api<AgentAccount>(`/api/admin/agents/${enc(agent.agentId)}`, {
          method: 'PATCH',
          token,
          body: { active: false },
        }),
      );
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  const leave = useCallback(() => {
    if (!busy) onCancel();
  }, [busy, onCancel]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      aria-modal="true"
      onCancel={(ev) => {
        ev.preventDefault();
        leave();
      }}
      onKeyDown={(ev) => {
        if (ev.key === 'Escape') {
          ev.preventDefault();
          ev.stopPropagation();
          leave();
        }
      }}>
      <h2 id={titleId}>Deactivate {agent.name}?</h2>
      <p id={textId}>
        {agent.status === 'INVITED'
          ? `${agent.name}’s invitation link stops working at once, and they cannot sign in.`
          : `${agent.name} can no longer sign in; their open sessions end at once and their cases go back to the queue.`}{' '}
        To bring them back, invite them again.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="btn btn-secondary" onClick={leave} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger-solid" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Deactivating…' : 'Deactivate'}
        </button>
      </div>
    </dialog>
  );
}

function TextField({
  id,
  label,
  value,
  error,
  onChange,
  type = 'text',
  maxLength,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  type?: 'text' | 'email';
  maxLength?: number;
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        maxLength={maxLength}
        autoComplete={autoComplete}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function CasesField({
  id,
  value,
  error,
  onChange,
}: {
  id: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Cases at once</label>
      <input
        id={id}
        name={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_CASES}
        step={1}
        value={value}
        aria-invalid={!!error || undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="muted small">
        1 to {MAX_CASES}
      </p>
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function LanguagesField({
  id,
  value,
  error,
  onChange,
}: {
  id: string;
  value: string[];
  error?: string;
  onChange: (v: string[]) => void;
}) {
  const choices = choicesWith(value);
  const toggle = (code: string, on: boolean) =>
    onChange(on ? choices.filter((c) => c === code || value.includes(c)) : value.filter((c) => c !== code));
  return (
    <fieldset className="field languages" id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Languages</legend>
      <div className="checks">
        {choices.map((code) => (
          <label key={code} className="check">
            <input
              type="checkbox"
              name={id}
              value={code}
              checked={value.includes(code)}
              onChange={(e) => toggle(code, e.target.checked)}
            />
            <span lang={code}>{languageLabel(code)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * Focuses the first field (in the form's order) with an error once the form shows the errors, so the field and its
 * message (its aria-describedby) are read out together. Returns the function that asks for it.
 */
function useFocusFirstError(form: RefObject<HTMLFormElement | null>) {
  const pending = useRef<Errors | null>(null);
  useEffect(() => {
    const errors = pending.current;
    const f = form.current;
    pending.current = null;
    if (!errors || !f) return;
    const first = (['name', 'email', 'maxCases', 'languages'] as Field[]).find((k) => errors[k]);
    const target =
      first === 'languages'
        ? f.querySelector<HTMLInputElement>('fieldset.languages input')
        : first
          ? f.querySelector<HTMLInputElement>(`input[id$="-${first === 'maxCases' ? 'cases' : first}"]`)
          : null;
    target?.focus();
  });
  return (errors: Errors) => {
    pending.current = errors;
  };
}
