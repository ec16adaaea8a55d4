// Server-sent events over fetch, so the stream carries the Authorization header (EventSource cannot).

export interface SseFrame {
  event: string;
  data: string;
  id: string | null;
}

/** Incremental SSE parser: feed it text chunks, it calls back once per complete frame. */
export function createSseParser(onFrame: (frame: SseFrame) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  return (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (data.length) onFrame({ event: event || 'message', data: data.join('\n'), id });
        event = '';
        data = [];
        id = null;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
  };
}

export interface StreamOptions {
  url: string;
  token: string;
  signal: AbortSignal;
  onEvent: (name: string, data: unknown) => void;
  onUnauthorized: () => void;
  /** true while connected, false while reconnecting */
  onConnection?: (connected: boolean) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** Keeps one stream open until aborted, reconnecting with back-off and resuming from the last event id. */
export async function followStream({ url, token, signal, onEvent, onUnauthorized, onConnection }: StreamOptions) {
  let delay = 1000;
  let lastId: string | null = null;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
      if (lastId) headers['Last-Event-ID'] = lastId;
      const res = await fetch(url, { headers, signal, cache: 'no-store' });
      if (res.status === 401) {
        onUnauthorized();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      onConnection?.(true);
      delay = 1000;
      let expired = false;
      const parse = createSseParser((frame) => {
        if (frame.event === 'session.expired') {
          expired = true; // the server ends streams when the token does
          return;
        }
        if (frame.id) lastId = frame.id;
        let data: unknown;
        try {
          data = JSON.parse(frame.data);
        } catch {
          return; // not JSON: not one of ours
        }
        if (!signal.aborted && data && typeof data === 'object') onEvent(frame.event, data);
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(decoder.decode(value, { stream: true }));
      }
      if (expired) {
        onUnauthorized();
        return;
      }
    } catch {
      // network error or abort: the loop condition decides
    }
    if (signal.aborted) return;
    onConnection?.(false);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 15000);
  }
}
