'use strict';
// SMART Support – static chat client. All message data is rendered with textContent only.
(() => {
  const $ = (id) => document.getElementById(id);
  const SESSION_KEY = 'smart-support.session';
  const EXPIRED = 'Your session has expired. Please sign in again.';
  const ROLE_LABEL = { customer: 'You', assistant: 'Assistant', agent: 'Agent', system: 'Notice' };
  const state = {
    session: null,        // {accessToken, role, subject}
    convId: null,
    stream: null,         // AbortController of the active SSE stream
    bubbles: new Map(),   // replyId/messageId -> bubble element
    completed: new Set(), // replyIds that are final
    handoffShown: false,
    readAloud: false,
  };

  // ---------- helpers ----------
  const sleep = (ms, signal) => new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }
  function formatTime(value) {
    if (!value) return '';
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  }
  async function api(path, { method = 'GET', body, auth = true } = {}) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && state.session) headers.Authorization = `Bearer ${state.session.accessToken}`;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch {
      throw new Error('Cannot reach the server. Please check your connection and try again.');
    }
    const type = res.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await res.json().catch(() => null) : null;
    if (!res.ok) {
      if (res.status === 401 && auth && state.session) logout(EXPIRED);
      throw new Error((data && (data.detail || data.title)) || `Request failed (${res.status}).`);
    }
    return data;
  }

  // ---------- read aloud ----------
  const canSpeak = 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
  const readAloudKey = () => `smart-support.readAloud.${state.session?.subject || ''}`;
  function loadReadAloud() {
    let on = false;
    try { on = !!state.session && localStorage.getItem(readAloudKey()) === 'true'; } catch { /* no storage */ }
    setReadAloud(on && canSpeak, false);
  }
  function setReadAloud(on, persist = true) {
    state.readAloud = on;
    $('read-aloud').setAttribute('aria-pressed', String(on));
    try { if (persist && state.session) localStorage.setItem(readAloudKey(), String(on)); } catch { /* no storage */ }
    if (!on && canSpeak) window.speechSynthesis.cancel();
  }
  function speak(text) {
    if (!state.readAloud || !canSpeak || !text) return;
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  // ---------- rendering ----------
  const messagesEl = $('messages');
  function scrollToEnd(force) {
    const nearBottom = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 120;
    if (force || nearBottom) messagesEl.scrollTop = messagesEl.scrollHeight;
  }
  function addBubble(role, text, { id, time, source } = {}) {
    const kind = ROLE_LABEL[role] ? role : 'system';
    const bubble = el('div', `msg msg-${kind}`);
    bubble.appendChild(el('span', 'sr-only', `${ROLE_LABEL[kind]}: `));
    const body = bubble.appendChild(el('p', 'msg-text', text || ''));
    const meta = bubble.appendChild(el('p', 'msg-meta'));
    if (time) meta.appendChild(el('time', null, formatTime(time))).setAttribute('datetime', time);
    bubble._text = body;
    bubble._meta = meta;
    if (source === 'fallback') markFallback(bubble);
    if (id) state.bubbles.set(id, bubble);
    messagesEl.appendChild(bubble);
    scrollToEnd(kind === 'customer');
    return bubble;
  }
  function markFallback(bubble) {
    if (!bubble._meta.querySelector('.msg-label')) bubble._meta.prepend(el('span', 'msg-label', 'automatic answer'));
  }
  function addNotice(text) {
    const notice = el('p', 'notice', text);
    notice.setAttribute('role', 'note');
    messagesEl.appendChild(notice);
    scrollToEnd(true);
  }
  function showHandoff() {
    if (!state.handoffShown) addNotice('Waiting for a human agent…');
    state.handoffShown = true;
  }
  function showChatError(msg) { $('chat-error').textContent = msg || ''; }
  function renderConversations(list) {
    const ul = $('conv-list');
    ul.replaceChildren();
    if (!list.length) ul.appendChild(el('li', 'conv-empty', 'No conversations yet.'));
    for (const c of list) {
      const btn = ul.appendChild(el('li')).appendChild(el('button', 'conv-item'));
      btn.type = 'button';
      btn.dataset.id = c.conversationId;
      btn.appendChild(el('span', 'conv-date', formatTime(c.updatedAt || c.createdAt) || 'Conversation'));
      btn.appendChild(el('span', 'conv-status', (c.status || '').toLowerCase()));
      btn.addEventListener('click', () => openConversation(c.conversationId).catch((e) => showChatError(e.message)));
    }
    markActiveConversation();
  }
  function markActiveConversation() {
    for (const btn of $('conv-list').querySelectorAll('.conv-item')) {
      if (btn.dataset.id === state.convId) btn.setAttribute('aria-current', 'true');
      else btn.removeAttribute('aria-current');
    }
  }

  // ---------- SSE stream ----------
  function closeStream() { state.stream?.abort(); state.stream = null; }
  async function readSse(body, onEvent) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let frame = { event: '', data: [], id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line === '') {
          if (frame.data.length) onEvent(frame.event || 'message', frame.data.join('\n'), frame.id);
          frame = { event: '', data: [], id: null };
          continue;
        }
        if (line.startsWith(':')) continue;
        const idx = line.indexOf(':');
        const field = idx < 0 ? line : line.slice(0, idx);
        let val = idx < 0 ? '' : line.slice(idx + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') frame.event = val;
        else if (field === 'data') frame.data.push(val);
        else if (field === 'id') frame.id = val;
      }
    }
  }
  function handleEvent(name, raw) {
    let data = null;
    try { data = JSON.parse(raw); } catch { /* ignore malformed frames */ }
    if (!data || typeof data !== 'object') return;
    if (name === 'assistant.delta') {
      if (state.completed.has(data.replyId)) return;
      const bubble = state.bubbles.get(data.replyId) || addBubble('assistant', '', { id: data.replyId });
      bubble._text.textContent += data.text || '';
      bubble.classList.add('msg-streaming');
      bubble.setAttribute('aria-busy', 'true');
      scrollToEnd(false);
    } else if (name === 'assistant.completed') {
      const bubble = state.bubbles.get(data.replyId)
        || addBubble('assistant', '', { id: data.replyId, time: new Date().toISOString() });
      bubble._text.textContent = data.text || '';
      bubble.classList.remove('msg-streaming');
      bubble.removeAttribute('aria-busy');
      if (data.source === 'fallback') markFallback(bubble);
      const firstTime = !state.completed.has(data.replyId);
      state.completed.add(data.replyId);
      scrollToEnd(false);
      if (firstTime) speak(data.text);
    } else if (name === 'handoff.requested') {
      showHandoff();
    } else if (name === 'handoff.queued') {
      showHandoff();
      const minutes = data.estimatedWaitSeconds == null ? null : Math.max(1, Math.round(data.estimatedWaitSeconds / 60));
      addNotice(minutes == null
        ? `You are number ${data.position} in line. No agent is online right now; you will be connected as soon as one is.`
        : `You are number ${data.position} in line; the wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    } else if (name === 'handoff.assigned') {
      addNotice(`${data.agentName || 'An agent'} will be with you shortly.`);
    } else if (name === 'agent.joined') {
      addNotice(`${data.agentName || 'An agent'} joined the conversation.`);
    } else if (name === 'agent.message') {
      if (state.bubbles.has(data.messageId)) return;
      addBubble('agent', data.text, { id: data.messageId, time: new Date().toISOString() });
      speak(data.text);
    } else if (name === 'conversation.closed') {
      showRating();
    }
  }
  function showRating() {
    if (state.ratingShown) return;
    state.ratingShown = true;
    const box = el('div', 'notice rating');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Rate this conversation');
    box.appendChild(el('p', null, 'This conversation is closed. How did we do? (1 = poor, 5 = great)'));
    const convId = state.convId;
    for (let n = 1; n <= 5; n++) {
      const b = box.appendChild(el('button', 'rating-btn', String(n)));
      b.type = 'button';
      b.addEventListener('click', async () => {
        try {
          await api(`/api/conversations/${encodeURIComponent(convId)}/feedback`, { method: 'POST', body: { rating: n } });
          box.replaceChildren(el('p', null, `Thank you for rating us ${n} out of 5.`));
        } catch (e) { showChatError(e.message); }
      });
    }
    messagesEl.appendChild(box);
    scrollToEnd(true);
  }
  async function openStream(convId) {
    closeStream();
    const ctrl = new AbortController();
    state.stream = ctrl;
    let delay = 1000;
    let lastId = null;
    const alive = () => !ctrl.signal.aborted && state.session && state.convId === convId;
    while (alive()) {
      try {
        const headers = { Authorization: `Bearer ${state.session.accessToken}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(`/api/conversations/${encodeURIComponent(convId)}/events`,
          { headers, signal: ctrl.signal, cache: 'no-store' });
        if (res.status === 401) { logout(EXPIRED); return; }
        if (!res.ok || !res.body) throw new Error(`Stream failed (${res.status})`);
        delay = 1000;
        await readSse(res.body, (name, data, id) => {
          if (id) lastId = id;
          if (alive()) handleEvent(name, data);
        });
      } catch { /* network error or abort: the loop condition decides */ }
      if (!alive()) return;
      await sleep(delay, ctrl.signal);
      delay = Math.min(delay * 2, 15000);
    }
  }

  // ---------- conversations ----------
  async function loadConversations() {
    const data = await api('/api/conversations');
    const list = Array.isArray(data) ? data : [];
    renderConversations(list);
    return list;
  }
  async function openConversation(convId) {
    closeStream();
    state.convId = convId;
    state.bubbles.clear();
    state.completed.clear();
    state.handoffShown = false;
    state.ratingShown = false;
    showChatError('');
    markActiveConversation();
    messagesEl.replaceChildren();
    messagesEl.setAttribute('aria-busy', 'true');
    try {
      const conv = await api(`/api/conversations/${encodeURIComponent(convId)}`);
      if (state.convId !== convId) return;
      $('chat-title').textContent = `Chat started ${formatTime(conv.createdAt)}`.trim();
      for (const m of conv.messages || []) {
        if (m.role === 'system') { addNotice(m.text || ''); continue; }
        addBubble(m.role, m.text, { id: m.messageId, time: m.time, source: m.source });
        if (m.role === 'assistant') state.completed.add(m.messageId);
      }
      if (conv.status === 'WAITING_FOR_AGENT') showHandoff();
      if (conv.status === 'CLOSED' && !conv.feedback) showRating();
      if (!conv.messages?.length) addNotice('Hi! How can we help you today?');
      scrollToEnd(true);
    } finally {
      messagesEl.removeAttribute('aria-busy');
    }
    openStream(convId);
  }
  async function newConversation() {
    const { conversationId } = await api('/api/conversations', { method: 'POST' });
    state.convId = conversationId;
    await loadConversations();
    await openConversation(conversationId);
    $('message-input').focus();
  }
  async function sendMessage(text) {
    if (!state.convId) await newConversation();
    const bubble = addBubble('customer', text, { time: new Date().toISOString() });
    bubble.classList.add('msg-pending');
    try {
      const { messageId } = await api(`/api/conversations/${encodeURIComponent(state.convId)}/messages`,
        { method: 'POST', body: { text } }) || {};
      bubble.classList.remove('msg-pending');
      if (messageId) state.bubbles.set(messageId, bubble);
    } catch (e) {
      bubble.remove();
      throw e;
    }
  }

  // ---------- views & session ----------
  function showView(name) {
    $('login-view').hidden = name !== 'login';
    $('chat-view').hidden = name !== 'chat';
    $('agent-view').hidden = name !== 'agent';
    $('logout').hidden = name === 'login';
  }
  async function startSession(session) {
    state.session = session;
    try { sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)); } catch { /* ignore */ }
    loadReadAloud();
    if (session.role === 'AGENT') {
      $('agent-text').textContent = `Agent console coming soon — signed in as ${session.subject}`;
      showView('agent');
      return;
    }
    showView('chat');
    const list = await loadConversations();
    if (list.length) await openConversation(list[0].conversationId);
    else await newConversation();
    $('message-input').focus();
  }
  function logout(message) {
    closeStream();
    state.session = null;
    state.convId = null;
    state.bubbles.clear();
    state.completed.clear();
    try { sessionStorage.removeItem(SESSION_KEY); } catch { /* ignore */ }
    if (canSpeak) window.speechSynthesis.cancel();
    loadReadAloud();
    messagesEl.replaceChildren();
    $('conv-list').replaceChildren();
    $('login-form').reset();
    $('login-error').textContent = message || '';
    showView('login');
    $('email').focus();
  }

  // ---------- wiring ----------
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const email = $('email').value.trim(), password = $('password').value, errorEl = $('login-error');
    if (!email || !password) { errorEl.textContent = 'Please enter your email and password.'; return; }
    errorEl.textContent = '';
    $('login-submit').disabled = true;
    try {
      const res = await api('/api/auth/login', { method: 'POST', body: { email, password }, auth: false });
      $('password').value = '';
      await startSession({ accessToken: res.accessToken, role: res.role, subject: res.subject });
    } catch (e) {
      if (state.session) showChatError(e.message); else errorEl.textContent = e.message;
    } finally {
      $('login-submit').disabled = false;
    }
  });
  $('logout').addEventListener('click', () => logout());
  $('read-aloud').addEventListener('click', () => setReadAloud(!state.readAloud));
  $('read-aloud').disabled = !canSpeak;
  if (!canSpeak) $('read-aloud').title = 'Speech is not supported in this browser';
  $('new-conv').addEventListener('click', () => {
    showChatError('');
    newConversation().catch((e) => showChatError(e.message));
  });
  $('escalate').addEventListener('click', () => {
    if (!state.convId) return;
    const btn = $('escalate');
    btn.disabled = true;
    showChatError('');
    api(`/api/conversations/${encodeURIComponent(state.convId)}/escalate`,
      { method: 'POST', body: { reason: 'Customer asked to talk to a person' } })
      .then(showHandoff, (e) => showChatError(e.message)).finally(() => { btn.disabled = false; });
  });
  const input = $('message-input');
  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text.length > 4000) { showChatError('Messages can be at most 4000 characters.'); return; }
    $('send').disabled = true;
    showChatError('');
    input.value = '';
    try {
      await sendMessage(text);
    } catch (e) {
      if (!input.value) input.value = text;
      if (state.session) showChatError(e.message);
    } finally {
      $('send').disabled = false;
      if (state.session) input.focus();
    }
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      if (!$('send').disabled) $('composer').requestSubmit();
    }
  });

  // ---------- boot ----------
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null'); } catch { /* ignore */ }
  if (saved?.accessToken) startSession(saved).catch((e) => { if (state.session) showChatError(e.message); });
  else logout();
})();