import { ApiError, type Problem } from './problem.js';

export interface Tokens {
  access_token: string;
  refresh_token: string;
  user: {
    id: string;
    role: string;
    tenant_id: string | null;
    display_name?: string | null;
    email?: string | null;
  };
}

/** Where a surface keeps its staff sign-in (per tab: a shared kitchen screen signs out on close). */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export function sessionTokenStore(key: string): TokenStore {
  return {
    get() {
      try {
        const raw = sessionStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Tokens) : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      if (tokens) sessionStorage.setItem(key, JSON.stringify(tokens));
      else sessionStorage.removeItem(key);
    },
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem = { status: response.status };
  try {
    const body = (await response.json()) as Partial<Problem>;
    problem = { ...body, status: response.status };
  } catch {
    // not JSON (a proxy's page): the status alone speaks
  }
  return new ApiError(problem);
}

/**
 * A typed JSON client for /api/v1. Errors are ApiError (problem+json, or status 0 when the
 * network failed). With a token store it sends the bearer token and, on a 401, exchanges the
 * refresh token once and retries.
 */
export function createApi(store?: TokenStore) {
  let refreshing: Promise<boolean> | null = null;

  async function refresh(): Promise<boolean> {
    const current = store?.get();
    if (!current) return false;
    refreshing ??= (async () => {
      try {
        const tokens = await send<Tokens>(
          '/auth/refresh-token',
          {
            method: 'POST',
            body: { refresh_token: current.refresh_token },
          },
          false,
        );
        store?.set(tokens);
        return true;
      } catch {
        store?.set(null);
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** The successful response (after one refresh on a 401), or the ApiError. */
  async function request(path: string, options: RequestOptions = {}, authed = true): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const token = authed ? store?.get()?.access_token : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError({ status: 0, code: 'network' });
    }
    if (response.status === 401 && token && (await refresh())) return request(path, options, authed);
    if (!response.ok) throw await toError(response);
    return response;
  }

  async function send<T>(path: string, options: RequestOptions = {}, authed = true): Promise<T> {
    const response = await request(path, options, authed);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: <T>(path: string, signal?: AbortSignal) => send<T>(path, { signal }),
    post: <T>(path: string, body?: unknown, idempotencyKey?: string) =>
      send<T>(path, { method: 'POST', body: body ?? {}, idempotencyKey }),
    patch: <T>(path: string, body: unknown) => send<T>(path, { method: 'PATCH', body }),
    put: <T>(path: string, body: unknown) => send<T>(path, { method: 'PUT', body }),
    delete: (path: string) => send<void>(path, { method: 'DELETE' }),
    /** A body that is not JSON (an SVG, a printable page), signed in like every other call. */
    response: (path: string) => request(path),
    async login(credentials: { email: string; password: string }) {
      const tokens = await send<Tokens>('/auth/login', { method: 'POST', body: credentials }, false);
      store?.set(tokens);
      return tokens;
    },
    logout() {
      const current = store?.get();
      store?.set(null);
      if (current)
        void send(
          '/auth/logout',
          { method: 'POST', body: { refresh_token: current.refresh_token } },
          false,
        ).catch(() => undefined);
    },
    /**
     * An access token good for at least another minute, refreshed first when it is not (the
     * realtime socket presents it on every reconnect, and a kitchen screen stays up all day).
     */
    async freshToken(): Promise<string | null> {
      const token = store?.get()?.access_token;
      if (!token) return null;
      if (expiresAt(token) - Date.now() > 60_000) return token;
      return (await refresh()) ? (store?.get()?.access_token ?? null) : null;
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** A JWT's `exp` in milliseconds (0 when unreadable: treated as expired). */
export function expiresAt(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export function newIdempotencyKey() {
  return crypto.randomUUID();
}

/**
 * One Idempotency-Key per request body: a retry of the same order (after a lost answer) reuses
 * it and cannot order twice; a changed order gets a new one.
 */
export function idempotencyKeys() {
  let last: { body: string; key: string } | null = null;
  return (body: unknown) => {
    const text = JSON.stringify(body);
    if (last?.body !== text) last = { body: text, key: newIdempotencyKey() };
    return last.key;
  };
}
