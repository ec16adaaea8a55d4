import { vi } from 'vitest';

type Handler = (req: { method: string; path: string; body: unknown; headers: Record<string, string> }) => Response | Promise<Response>;

export const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

export const problem = (status: number, detail: string) =>
  json(status, { type: 'about:blank', title: 'Error', status, detail }, 'application/problem+json');

/** An SSE response the test writes to, event by event. */
export class SseChannel {
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private readonly encoder = new TextEncoder();
  connections = 0;

  response(): Response {
    this.connections++;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => { this.controller = c; } });
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  }

  close() {
    this.controller?.close();
  }

  send(event: string, data: unknown, id?: string) {
    this.controller?.enqueue(this.encoder.encode(`${id ? `id:${id}\n` : ''}event:${event}\ndata:${JSON.stringify(data)}\n\n`));
  }
}

/**
 * A fake of the gateway at the fetch boundary: routes by method and path; every request is recorded so tests
 * can assert what the client sent. Unknown routes answer 404 problem details, as the real gateway does.
 */
export function fakeServer() {
  const routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
  const requests: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = typeof input === 'string' ? input : input.toString();
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const req = { method, path, body, headers };
    requests.push(req);
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    return route ? route.handler(req) : problem(404, `No route for ${method} ${path}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    on(method: string, pattern: RegExp, handler: Handler) {
      routes.unshift({ method, pattern, handler });
      return this;
    },
    requests,
    sent(method: string, pattern: RegExp) {
      return requests.filter((r) => r.method === method && pattern.test(r.path));
    },
  };
}
