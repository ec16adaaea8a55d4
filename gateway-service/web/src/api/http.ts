// The one way the client calls the API: JSON in and out, problem+json errors turned into readable messages.

/** One field a validation problem (`400`, `errors`) names, e.g. `{field: "languages[0]", message: "…"}`. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** the fields a validation problem names (empty for every other error) */
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_ERROR = 'Cannot reach SMART Support. Please check your connection and try again.';

type Options = {
  method?: string;
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
  headers?: Record<string, string>;
};

/** Called with every 401 on an authenticated call, so the app can end the session. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

export async function api<T>(
  path: string,
  { method = 'GET', body, token, signal, headers: extra }: Options = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(NETWORK_ERROR, 0);
  }
  const type = res.headers.get('Content-Type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(problemMessage(res.status, data), res.status, fieldErrorsOf(data));
  }
  return data as T;
}

export function problemMessage(status: number, data: unknown): string {
  if (data && typeof data === 'object') {
    const p = data as { detail?: unknown; title?: unknown };
    if (typeof p.detail === 'string' && p.detail) return p.detail;
    if (typeof p.title === 'string' && p.title) return p.title;
  }
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again.';
  return `Request failed (${status}).`;
}

/** The `errors` of a validation problem, each with a field and a message; anything else is left out. */
export function fieldErrorsOf(data: unknown): FieldError[] {
  const errors = data && typeof data === 'object' ? (data as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => {
    const { field, message } = (e ?? {}) as { field?: unknown; message?: unknown };
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

export const enc = encodeURIComponent;

/** A failure worth retrying unchanged: the network, or a service briefly away (502, 503, 504). */
export function isTransient(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);
}

/** A fresh Idempotency-Key: the client's id for one message, sent again unchanged when the message is retried. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Tries again, twice, after 1 s and 2 s, when the network or a service was briefly away. */
export async function withRetries<T>(call: () => Promise<T>, pauses = [1000, 2000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e) || attempt >= pauses.length) throw e;
      await new Promise((resolve) => setTimeout(resolve, pauses[attempt]));
    }
  }
}
