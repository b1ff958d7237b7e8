import { batchBody } from '../ingest/events.js';
import { post, type Outcome, type Target } from './client.js';

/** Unique event ids across phases: each phase numbers its batches from its own client id. */
export interface Phase {
  target: Target;
  /** Distinguishes the phases' event ids (bench/ingest's batchBody: c<client>-b<seq>-e<i>). */
  client: number;
  batch: number;
  pool: string[];
}

/** The phase's batch number `seq`: events with ids of their own, stamped now. */
export function batchOf(phase: Phase, seq: number): string {
  return batchBody({ client: phase.client, seq, size: phase.batch }, phase.pool, new Date().toISOString());
}

/**
 * Closed loop: `clients` requests in flight, each sent as soon as the previous one is answered
 * (after Retry-After when refused), for `seconds`. What the service sustains when nobody asks more
 * of it than it can take.
 */
export async function closedLoop(phase: Phase, clients: number, seconds: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const until = Date.now() + seconds * 1000;
  let seq = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const outcome = await post(phase.target, batchOf(phase, seq++));
        outcomes.push(outcome);
        if (outcome.status === 503 || outcome.status === 429) await new Promise((r) => setTimeout(r, 1_000));
      }
    }),
  );
  return outcomes;
}

/**
 * Open loop: request k goes at start + k / rate whether or not earlier ones were answered, as
 * independent clients do; nothing is retried. Resolves once the last request is sent, with when,
 * and the answers still to come.
 */
export async function openLoop(
  phase: Phase,
  perSecond: number,
  seconds: number,
): Promise<{ lastSentAt: number; answers: Promise<Outcome[]> }> {
  const pending: Promise<Outcome>[] = [];
  const start = performance.now();
  const total = Math.round(perSecond * seconds);
  for (let k = 0; k < total; k++) {
    const wait = start + (k * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(phase.target, batchOf(phase, k)));
  }
  return { lastSentAt: Date.now(), answers: Promise.all(pending) };
}
