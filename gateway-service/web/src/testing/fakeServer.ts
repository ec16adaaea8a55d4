import { vi } from 'vitest';
import type { AgentAccount, Article, KnowledgeHit, Role } from '../api/types';

type Handler = (req: {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}) => Response | Promise<Response>;

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
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
    });
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  }

  close() {
    this.controller?.close();
  }

  send(event: string, data: unknown, id?: string) {
    this.controller?.enqueue(
      this.encoder.encode(`${id ? `id:${id}\n` : ''}event:${event}\ndata:${JSON.stringify(data)}\n\n`),
    );
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

export type FakeServer = ReturnType<typeof fakeServer>;

/** An article for the fake knowledge base; what is not given is a public English article of version 1. */
export function article(a: Partial<Article> & { id: string; title: string }): Article {
  return {
    slug: a.id,
    body: `## ${a.title}\n\nAbout ${a.title.toLowerCase()}.`,
    language: 'en',
    tags: [],
    products: [],
    visibility: 'public',
    version: 1,
    updatedAt: '2026-11-01T09:00:00Z',
    ...a,
  };
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];

/**
 * Teaches the fake the knowledge-base API (llm-service through the gateway), as seen by `role`:
 * `GET /api/knowledge/articles/{id}` (customers: public articles only, else 404), `GET /api/knowledge/search`
 * (passages = the articles' paragraphs, scored by shared words; customers: public only) and
 * `GET /api/knowledge/articles?page&size&q` (agents and admins; customers get 403).
 */
export function withKnowledge(server: FakeServer, articles: Article[], role: Role = 'CUSTOMER') {
  const readable = (a: Article) => role !== 'CUSTOMER' || a.visibility === 'public';
  const params = (path: string) => new URLSearchParams(path.slice(path.indexOf('?') + 1));
  return server
    .on('GET', /^\/api\/knowledge\/articles\/[^/?]+$/, (r) => {
      const id = decodeURIComponent(r.path.slice(r.path.lastIndexOf('/') + 1));
      const found = articles.find((a) => a.id === id && readable(a));
      return found ? json(200, found) : problem(404, `No article ${id}`);
    })
    .on('GET', /^\/api\/knowledge\/articles(\?.*)?$/, (r) => {
      if (role === 'CUSTOMER') return problem(403, 'Agents and administrators only');
      const p = params(r.path);
      const page = Number(p.get('page') ?? 0);
      const size = Number(p.get('size') ?? 20);
      const q = words(p.get('q') ?? '');
      const matching = articles.filter((a) =>
        q.every((w) => words(`${a.title} ${a.body} ${a.tags.join(' ')}`).includes(w)),
      );
      return json(200, { items: matching.slice(page * size, (page + 1) * size), page, size, total: matching.length });
    })
    .on('GET', /^\/api\/knowledge\/search\?/, (r) => {
      const p = params(r.path);
      const q = new Set(words(p.get('q') ?? ''));
      const limit = Number(p.get('limit') ?? 5);
      const hits: KnowledgeHit[] = [];
      for (const a of articles.filter(readable)) {
        let heading = a.title;
        for (const block of a.body.split(/\n{2,}/)) {
          const h = /^#{1,6}\s+(.*)$/.exec(block.trim());
          if (h) {
            heading = h[1];
            continue;
          }
          const score = new Set(words(`${a.title} ${block}`).filter((w) => q.has(w))).size;
          if (score > 0) {
            hits.push({
              articleId: a.id,
              slug: a.slug,
              title: a.title,
              heading,
              passage: block,
              language: a.language,
              visibility: a.visibility,
              score,
            });
          }
        }
      }
      return json(200, { results: hits.sort((x, y) => y.score - x.score).slice(0, limit) });
    });
}

/** An agent for the fake administration API; what is not given is an active English agent holding 3 cases. */
export function agentAccount(a: Partial<AgentAccount> & { agentId: string; name: string }): AgentAccount {
  return {
    email: `${a.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    languages: ['en'],
    maxCases: 3,
    status: 'ACTIVE',
    invitedAt: '2026-11-20T09:00:00Z',
    activatedAt: '2026-11-21T09:00:00Z',
    deactivatedAt: undefined,
    ...a,
  };
}

/**
 * Teaches the fake the agent administration (profile-service through the gateway), with the server's rules:
 * `GET /api/admin/agents` (sorted by name), `POST` (validation problem with `errors`, `409` for a known e-mail,
 * `inviteUrl` unless `emailed`), `PATCH /api/admin/agents/{id}` (`{active: false}` deactivates), and
 * `POST /api/auth/invitations/{token}` (`204` once per token issued here, else `410`; `400` under 12 characters).
 */
export function withAgents(server: FakeServer, agents: AgentAccount[], { emailed = false } = {}) {
  const tokens = new Map<string, string>();
  const sorted = () => [...agents].sort((x, y) => x.name.localeCompare(y.name));
  const invalid = (errors: { field: string; message: string }[]) =>
    json(
      400,
      {
        type: '/problems/validation',
        title: 'Bad Request',
        status: 400,
        detail: 'The request body is invalid',
        errors,
      },
      'application/problem+json',
    );
  const check = (b: Record<string, unknown>, creating: boolean) => {
    const errors: { field: string; message: string }[] = [];
    if (creating || b.name !== undefined)
      if (typeof b.name !== 'string' || !b.name.trim()) errors.push({ field: 'name', message: 'must not be blank' });
    if (creating && (typeof b.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(b.email)))
      errors.push({ field: 'email', message: 'must be a well-formed email address' });
    if (creating || b.languages !== undefined) {
      const langs = Array.isArray(b.languages) ? b.languages : [];
      if (!langs.length) errors.push({ field: 'languages', message: 'size must be between 1 and 10' });
      langs.forEach((l, i) => {
        if (!/^[a-z]{2}$/.test(String(l))) errors.push({ field: `languages[${i}]`, message: 'must match "[a-z]{2}"' });
      });
    }
    if (creating || b.maxCases !== undefined) {
      const n = Number(b.maxCases);
      if (!Number.isInteger(n) || n < 1)
        errors.push({ field: 'maxCases', message: 'must be greater than or equal to 1' });
      else if (n > 20) errors.push({ field: 'maxCases', message: 'must be less than or equal to 20' });
    }
    return errors;
  };
  server
    .on('GET', /^\/api\/admin\/agents$/, () => json(200, sorted()))
    .on('POST', /^\/api\/admin\/agents$/, (r) => {
      const b = (r.body ?? {}) as Record<string, unknown>;
      const errors = check(b, true);
      if (errors.length) return invalid(errors);
      const email = String(b.email).trim().toLowerCase();
      if (agents.some((a) => a.email === email))
        return problem(409, 'Someone with this e-mail can already sign in or is invited');
      const agent = agentAccount({
        agentId: `agt_${agents.length + 1}`,
        name: String(b.name).trim(),
        email,
        languages: b.languages as string[],
        maxCases: Number(b.maxCases),
        status: 'INVITED',
        invitedAt: '2026-12-01T10:00:00Z',
        activatedAt: undefined,
      });
      agents.push(agent);
      const token = `tok${agents.length}abc`;
      tokens.set(token, agent.agentId);
      return json(201, {
        ...agent,
        inviteUrl: emailed ? null : `http://localhost:8080/#/invitation/${token}`,
        invitationEmailed: emailed,
      });
    })
    .on('PATCH', /^\/api\/admin\/agents\/[^/]+$/, (r) => {
      const id = decodeURIComponent(r.path.slice(r.path.lastIndexOf('/') + 1));
      const i = agents.findIndex((a) => a.agentId === id);
      if (i < 0) return problem(404, 'No such agent');
      const b = (r.body ?? {}) as Record<string, unknown>;
      const errors = check(b, false);
      if (errors.length) return invalid(errors);
      const a = agents[i];
      agents[i] = {
        ...a,
        name: typeof b.name === 'string' ? b.name : a.name,
        languages: Array.isArray(b.languages) ? (b.languages as string[]) : a.languages,
        maxCases: typeof b.maxCases === 'number' ? b.maxCases : a.maxCases,
        ...(b.active === false && a.status !== 'DEACTIVATED'
          ? { status: 'DEACTIVATED' as const, deactivatedAt: '2026-12-02T10:00:00Z' }
          : {}),
      };
      return json(200, agents[i]);
    })
    .on('POST', /^\/api\/auth\/invitations\/[^/]+$/, (r) => {
      const token = decodeURIComponent(r.path.slice(r.path.lastIndexOf('/') + 1));
      const password = (r.body as { password?: unknown } | undefined)?.password;
      if (typeof password !== 'string' || password.length < 12 || password.length > 200) {
        return json(
          400,
          { type: '/problems/bad-request', title: 'Bad Request', status: 400, detail: 'Validation failure' },
          'application/problem+json',
        );
      }
      const agentId = tokens.get(token);
      const agent = agents.find((a) => a.agentId === agentId);
      if (!agent || agent.status !== 'INVITED') {
        return problem(
          410,
          'This invitation link is not valid any more: it was used, it expired or it was withdrawn. Ask your administrator for a new one.',
        );
      }
      tokens.delete(token);
      Object.assign(agent, { status: 'ACTIVE', activatedAt: '2026-12-01T11:00:00Z' });
      return new Response(null, { status: 204 });
    });
  return {
    server,
    agents,
    /** an invitation link's token, as if issued earlier */
    issue(token: string, agentId: string) {
      tokens.set(token, agentId);
    },
  };
}
