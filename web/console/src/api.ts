/**
 * A small client for /api/v1. The session lives in an HTTP-only cookie (credentials: 'same-origin');
 * the CSRF token is kept in memory only and sent as x-csrf-token on every write.
 */

export type Role = 'founder' | 'operator_oncall' | 'operator_team' | 'customer';

export interface SessionUser {
  id: string;
  name: string;
  role: Role | string;
  customer_id: string | null;
}

interface SessionBody {
  user: SessionUser;
  csrf_token?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/api/v1';
let csrfToken: string | null = null;

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (isWrite(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data ?? {}) as { error?: unknown; message?: unknown };
    throw new ApiError(
      res.status,
      typeof err.error === 'string' ? err.error : 'http_error',
      typeof err.message === 'string' ? err.message : res.statusText,
    );
  }
  return data as T;
}

function isSessionBody(data: unknown): data is SessionBody {
  if (typeof data !== 'object' || data === null) return false;
  const user = (data as { user?: unknown }).user;
  return typeof user === 'object' && user !== null && typeof (user as { name?: unknown }).name === 'string';
}

function remember(data: unknown): SessionUser | null {
  if (!isSessionBody(data)) return null;
  if (typeof data.csrf_token === 'string') csrfToken = data.csrf_token;
  return data.user;
}

export async function login(email: string, password: string): Promise<SessionUser> {
  const user = remember(await request<unknown>('POST', '/auth/login', { email, password }));
  if (user === null) throw new ApiError(500, 'bad_response', 'unexpected sign-in response');
  return user;
}

/** The signed-in user, or null when there is no session (or the server cannot say). */
export async function currentSession(): Promise<SessionUser | null> {
  try {
    return remember(await request<unknown>('GET', '/auth/session'));
  } catch {
    return null;
  }
}

export async function logout(): Promise<void> {
  try {
    await request<unknown>('POST', '/auth/logout');
  } finally {
    csrfToken = null;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
