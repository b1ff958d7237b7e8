import type { Pool } from 'pg';
import type { PostedBatch } from './load.js';

const LOOK_BACK_MS = 60_000;

/** An evaluation of the watched window as the poller first saw it. */
export interface Sighting {
  from: number;
  to: number;
  events: number;
  seenAt: number;
}

/**
 * Polls the evaluations table for new or re-run evaluations of one window (an upsert moves
 * `evaluated_at`), recording when each became visible. Visible means committed: what a reader
 * of the API or of /metrics could see from then on.
 */
export function watchEvaluations(db: Pool, modelId: string, window: string, everyMs: number) {
  const sightings: Sighting[] = [];
  const known = new Set<string>();
  let since = 0;
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      // evaluated_at is taken when an evaluation starts, not when it commits, so one committed
      // later can carry an earlier time: look back a while and skip what was seen.
      const { rows } = await db.query<{ ws: Date; we: Date; events: string; at: Date }>(
        `SELECT window_start AS ws, window_end AS we, events, evaluated_at AS at FROM evaluations
          WHERE model_id = $1 AND window_name = $2 AND evaluated_at > $3 ORDER BY evaluated_at`,
        [modelId, window, new Date(since - LOOK_BACK_MS)],
      );
      const seenAt = Date.now();
      for (const r of rows) {
        const key = `${r.we.getTime()}/${r.at.getTime()}`;
        if (known.has(key)) continue;
        known.add(key);
        sightings.push({ from: r.ws.getTime(), to: r.we.getTime(), events: Number(r.events), seenAt });
        since = Math.max(since, r.at.getTime());
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const running = poll();
  return {
    sightings,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/**
 * Milliseconds from each batch being sent to the first evaluation that counted it (NaN: never
 * seen). An evaluation counting n events of [from, to) is taken to include the oldest batches of
 * that range until n is reached: folds finish nearly in order (four at a time), so this is exact
 * up to the few batches folding at once.
 */
export function freshness(batches: readonly PostedBatch[], sightings: readonly Sighting[]): number[] {
  const byTime = [...batches].sort((a, b) => a.tsMs - b.tsMs || a.seq - b.seq);
  const seen = new Map<number, number>();
  for (const s of sightings) {
    let counted = 0;
    for (const b of byTime) {
      if (b.tsMs < s.from) continue;
      if (b.tsMs >= s.to) break;
      counted += b.accepted;
      if (counted > s.events) break;
      if (!seen.has(b.seq)) seen.set(b.seq, s.seenAt);
    }
  }
  return batches.map((b) => (seen.get(b.seq) ?? NaN) - b.sentAt);
}
