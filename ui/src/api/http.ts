/**
 * The one way the console talks to the API: same-origin requests that carry the session cookie,
 * the CSRF token on every write, and problem+json errors turned into ApiError.
 */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

type Query = Record<string, string | number | undefined | null>;

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a signed-in console: the session ended or was revoked. */
export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/v1/sessions')) onUnauthorized();
    throw new ApiError(response.status, payload as Problem | null);
  }
  return payload as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));

/** Every page of a cursor-paged list (the API gives at most 500 a page). */
export async function getAll<T>(path: string, query: Query = {}, limit = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await get(path, { ...query, limit, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
