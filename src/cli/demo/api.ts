import type { Logger } from 'pino';

/** The demo talks to the service only through its public HTTP API, as a model team would. */
export interface DemoApi {
  base: string;
  /** Parsed JSON of a 2xx reply; throws with the status and body otherwise. */
  send<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Parsed JSON of a 2xx reply, or null for the statuses given (404 before the first evaluation). */
  read<T = unknown>(path: string, absentOn?: readonly number[]): Promise<T | null>;
}

export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Statuses that say "not now": the service shed the request and names when to come back. */
const RETRY_LATER = new Set([429, 503]);
/** How long the demo keeps retrying one request that is shed, as a patient model client would. */
const RETRY_FOR_MS = 120_000;

/** Seconds from a Retry-After header (delta-seconds form, the only one modelwatch sends), at least 1. */
function retryAfterMs(res: Response): number {
  const seconds = Number(res.headers.get('retry-after'));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
}

export function demoApi(base: string, key: string): DemoApi {
  // Every request the demo makes is idempotent (PUTs, reads, events with their predictionId), so
  // a shed one is sent again after the Retry-After the service asked for.
  const request = async (method: string, path: string, body?: unknown) => {
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (;;) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const waitMs = retryAfterMs(res);
      if (!RETRY_LATER.has(res.status) || Date.now() + waitMs > giveUpAt) return { res, text };
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
  return {
    base,
    async send<T>(method: string, path: string, body?: unknown): Promise<T> {
      const { res, text } = await request(method, path, body);
      if (!res.ok) throw new DemoApiError(res.status, `${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    async read<T>(path: string, absentOn: readonly number[] = [404, 409]): Promise<T | null> {
      const { res, text } = await request('GET', path);
      if (absentOn.includes(res.status)) return null;
      if (!res.ok) throw new DemoApiError(res.status, `GET ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

/** What the demo's parts share: the API, a way to tell the user, and the service's logger. */
export interface DemoIo {
  api: DemoApi;
  say(line: string): void;
  log: Logger;
}
