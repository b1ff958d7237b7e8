import { createLatencyLimit } from './latency-limit.js';

/**
 * A bound on the ingest work one process holds at a time: requests, and the body bytes they have
 * declared or sent. Past it the API refuses at once (503 with Retry-After) instead of queueing for
 * the pool: at three times capacity, queueing made accepted requests wait 108 s and grew the heap
 * to 2 GB (issue 8, finding 3), while a refusal costs nothing and tells the client to come back.
 * The request bound adapts below its maximum to keep requests within a latency target
 * (latency-limit.ts).
 */

export interface AdmissionLimits {
  /** Ingest requests in flight at most, from the first byte of their body to the end of their reply. */
  maxRequests: number;
  /** Body bytes those requests hold; at least BODY_LIMIT, so that any one request can be admitted. */
  maxBytes: number;
  /** The time from a body's last byte to the end of its work that the request bound aims for. */
  targetLatencyMs: number;
}

export type Refusal = 'requests' | 'bytes';

export interface AdmissionObserver {
  changed(state: AdmissionState): void;
  refused(reason: Refusal): void;
}

export interface AdmissionState {
  requests: number;
  bytes: number;
  /** Requests admitted at once now (the adaptive bound, at most maxRequests). */
  limit: number;
}

/** One admitted request's share of the bound; given back once every hold on it is released. */
export interface Ticket {
  /**
   * Counts bytes as they arrive. Bytes past what the request declared are added to the process's
   * total; false (and nothing added) when they would pass the bound.
   */
  receive(bytes: number): boolean;
  /**
   * The whole body has arrived: the request's latency counts from here, so that a slow upload,
   * the client's own doing, never lowers the bound for everyone else.
   */
  bodyReceived(): void;
  /** Keeps the share until the returned function is called, even past release(). */
  hold(): () => void;
  /** Gives back the hold the ticket was admitted with; the share is freed once no hold is left. */
  release(): void;
}

export interface Admission {
  /** A ticket holding `declaredBytes` (0 when unknown), or why the request is refused. */
  admit(declaredBytes: number): Ticket | Refusal;
  state(): AdmissionState;
  readonly limits: AdmissionLimits;
}

/** Runs once, however many times it is called: a hold released twice must not free two slots. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

export function createAdmission(
  limits: AdmissionLimits,
  observer?: AdmissionObserver,
  now: () => number = Date.now,
): Admission {
  const latency = createLatencyLimit({ max: limits.maxRequests, targetMs: limits.targetLatencyMs }, now);
  let requests = 0;
  let bytes = 0;
  const state = (): AdmissionState => ({ requests, bytes, limit: latency.current() });
  const changed = () => observer?.changed(state());

  function ticket(declared: number): Ticket {
    let reserved = declared;
    let received = 0;
    let receivedAt: number | undefined;
    let holds = 0;
    const hold = () => {
      holds++;
      return once(() => {
        if (--holds > 0) return;
        requests--;
        bytes -= reserved;
        if (receivedAt !== undefined) latency.finished(now() - receivedAt, received);
        changed();
      });
    };
    const release = hold();
    return {
      receive(n) {
        received += n;
        if (received <= reserved) return true;
        const more = received - reserved;
        if (bytes + more > limits.maxBytes) {
          observer?.refused('bytes');
          return false;
        }
        bytes += more;
        reserved = received;
        changed();
        return true;
      },
      bodyReceived() {
        receivedAt ??= now();
      },
      hold: () => (holds > 0 ? hold() : () => undefined),
      release,
    };
  }

  return {
    limits,
    admit(declaredBytes) {
      const reason: Refusal | null =
        requests >= latency.current() ? 'requests' : bytes + declaredBytes > limits.maxBytes ? 'bytes' : null;
      if (reason) {
        observer?.refused(reason);
        return reason;
      }
      requests++;
      bytes += declaredBytes;
      changed();
      return ticket(declaredBytes);
    },
    state,
  };
}
