import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api/http';
import { followStream } from '../api/sse';
import type { Escalation, Presence, Session } from '../api/types';
import { AppHeader } from '../ui/AppHeader';
import { formatTime, statusLabel } from '../ui/format';
import { CasePanel, type IncomingMessage } from './CasePanel';

/**
 * The agent's console: presence, the live queue, the agent's own cases and the selected case. Cases are
 * assigned by the server (fairly, among online agents); the queue is shown so the agent sees the load.
 */
export function AgentConsole({
  session,
  onSignOut,
  onExpired,
}: {
  session: Session;
  onSignOut: () => void;
  onExpired: () => void;
}) {
  const token = session.accessToken;
  const [presence, setPresence] = useState<Presence | null>(null);
  const [queue, setQueue] = useState<Escalation[]>([]);
  const [mine, setMine] = useState<Escalation[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [incoming, setIncoming] = useState<IncomingMessage[]>([]);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [canned, setCanned] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [reconnecting, setReconnecting] = useState(false);
  const selectedRef = useRef<string | null>(null);
  useLayoutEffect(() => {
    selectedRef.current = selected; // for the stream's events
  }, [selected]);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [q, assigned, accepted] = await Promise.all([
        api<Escalation[]>('/api/escalations?status=QUEUED', { token }),
        api<Escalation[]>('/api/escalations?status=ASSIGNED', { token }),
        api<Escalation[]>('/api/escalations?status=ACCEPTED', { token }),
      ]);
      setQueue(q ?? []);
      setMine([...(accepted ?? []), ...(assigned ?? [])]);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [token]);

  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => void refresh(), 150);
  }, [refresh]);

  useEffect(() => {
    api<Presence>('/api/agents/me/presence', { token })
      .then((p) => setPresence(p))
      .catch((e: Error) => setError(e.message));
    api<string[]>('/api/escalations/canned', { token })
      .then((c) => setCanned(c ?? []))
      .catch(() => setCanned([]));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- refresh sets state once the server has answered
    void refresh();
    const ctrl = new AbortController();
    void followStream({
      url: '/api/escalations/events',
      token,
      signal: ctrl.signal,
      onUnauthorized: onExpired,
      onConnection: (up) => {
        setReconnecting(!up);
        if (up) refreshSoon();
      },
      onEvent: (name, data) => {
        const d = data as Record<string, unknown>;
        if (name === 'customer.message' && typeof d.escalationId === 'string' && typeof d.messageId === 'string') {
          const msg = { escalationId: d.escalationId, messageId: d.messageId, text: String(d.text ?? '') };
          setIncoming((list) => (list.some((m) => m.messageId === msg.messageId) ? list : [...list, msg]));
          if (selectedRef.current !== msg.escalationId) {
            setUnread((u) => ({ ...u, [msg.escalationId]: (u[msg.escalationId] ?? 0) + 1 }));
          }
          setAnnouncement(`Customer: ${msg.text}`);
          return;
        }
        if (name === 'case.assigned') setAnnouncement('A new case was assigned to you.');
        if (name === 'case.queued' || name === 'case.assigned' || name === 'case.closed') refreshSoon();
      },
    });
    const poll = setInterval(() => void refresh(), 15000); // the queue also shrinks when others take cases
    return () => {
      ctrl.abort();
      clearInterval(poll);
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    };
  }, [token, refresh, refreshSoon, onExpired]);

  const togglePresence = async () => {
    const status = presence?.status === 'online' ? 'away' : 'online';
    setError('');
    try {
      setPresence(await api<Presence>('/api/agents/me/presence', { method: 'POST', body: { status }, token }));
      setAnnouncement(
        status === 'online'
          ? 'You are online and will receive cases.'
          : 'You are away. Your open cases went back to the queue.',
      );
      await refresh();
      if (status === 'away') setSelected(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const select = (id: string) => {
    setSelected(id);
    setUnread((u) => ({ ...u, [id]: 0 }));
  };

  const onClosed = (id: string) => {
    setSelected(null);
    setMine((list) => list.filter((e) => e.id !== id));
    setAnnouncement('Case closed.');
    refreshSoon();
  };

  const online = presence?.status === 'online';
  const selectedCase = mine.find((e) => e.id === selected) ?? null;

  return (
    <div className="app agent">
      <AppHeader who={presence?.name ?? session.subject} onSignOut={onSignOut}>
        <button
          type="button"
          className={`btn toggle presence ${online ? 'is-online' : ''}`}
          aria-pressed={online}
          onClick={() => void togglePresence()}
          disabled={!presence}>
          <span aria-hidden="true" className="toggle-dot" /> {online ? 'Online' : 'Away'}
        </button>
      </AppHeader>
      <div className="console">
        <nav className="sidebar open" aria-label="Cases">
          <section aria-labelledby="mine-title">
            <h2 id="mine-title">
              My cases <span className="count">{mine.length}</span>
            </h2>
            {mine.length === 0 ? (
              <p className="muted">{online ? 'No cases yet. New ones arrive here.' : 'Go online to receive cases.'}</p>
            ) : (
              <ul className="conv-list">
                {mine.map((e) => (
                  <li key={e.id}>
                    <button
                      type="button"
                      className="conv-item"
                      aria-current={e.id === selected ? 'true' : undefined}
                      onClick={() => select(e.id)}>
                      <span className="case-reason">{e.detail || e.reason || 'Hand-off'}</span>
                      <span className={`badge badge-${e.status.toLowerCase()}`}>{statusLabel(e.status)}</span>
                      {!!unread[e.id] && <span className="badge badge-new">{unread[e.id]} new</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="queue-title">
            <h2 id="queue-title">
              Queue <span className="count">{queue.length}</span>
            </h2>
            {queue.length === 0 ? (
              <p className="muted">Nobody is waiting.</p>
            ) : (
              <ol className="queue-list">
                {queue.map((e) => (
                  <li key={e.id}>
                    <span className="case-reason">{e.detail || e.reason || 'Hand-off'}</span>
                    <span className="muted small">waiting since {formatTime(e.requestedAt)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </nav>
        <main className="case-area" id="main">
          {reconnecting && <p className="banner banner-warn">Reconnecting to the live feed…</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {selectedCase ? (
            <CasePanel
              key={selectedCase.id}
              escalation={selectedCase}
              token={token}
              incoming={incoming.filter((m) => m.escalationId === selectedCase.id)}
              canned={canned}
              onChanged={refreshSoon}
              onClosed={onClosed}
            />
          ) : (
            <div className="placeholder">
              <h1>Agent console</h1>
              <p className="muted">
                {online
                  ? 'Pick one of your cases on the left.'
                  : 'You are away. Go online to receive cases from the queue.'}
              </p>
            </div>
          )}
          <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
            {announcement}
          </div>
        </main>
      </div>
    </div>
  );
}
