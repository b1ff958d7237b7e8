/**
 * How many ingest requests to let in at once so that they finish within a latency target, found
 * by AIMD (as TCP finds its window): each request finished in time adds 1/limit, so the limit grows
 * by one per limit requests; a late one cuts it by a quarter, at most once per target period, since
 * the requests that queued together finish late together. Once requests queue (for the pool, the
 * CPU, Postgres), more of them in flight only makes each slower: accepted latency ≈ in flight ÷
 * throughput, so the limit settles where latency meets the target, whatever the machine.
 * Measured in bench/overload/README.md: at 3× capacity a fixed bound of 16 gave a p99 of 9.7 s on
 * a loaded 2-core machine, where about 4 in flight already reached the throughput.
 */

/** A request's latency budget grows with its body past this size: a 16 MiB NDJSON upload is not late at 2 s. */
export const BUDGET_BYTES = 1024 * 1024;
const DECREASE = 0.75;

export interface LatencyLimit {
  /** Requests that may be in flight now: at least 1, at most the configured maximum. */
  current(): number;
  /** Records a finished request: how long it held its share, and its body's size. */
  finished(ms: number, bytes: number): void;
}

export function createLatencyLimit(
  { max, targetMs }: { max: number; targetMs: number },
  now: () => number = Date.now,
): LatencyLimit {
  let limit = max;
  let lastCut = -Infinity;
  return {
    current: () => Math.max(1, Math.floor(limit)),
    finished(ms, bytes) {
      const budget = targetMs * Math.max(1, bytes / BUDGET_BYTES);
      if (ms <= budget) {
        limit = Math.min(max, limit + 1 / limit);
      } else if (now() - lastCut >= targetMs) {
        limit = Math.max(1, limit * DECREASE);
        lastCut = now();
      }
    },
  };
}
