import { periodicTask } from '../../lib/periodic.js';
import { mulberry32 } from '../../lib/random.js';
import type { DemoIo } from './api.js';
import { applicant, loanValue, type Phase } from './applicants.js';
import { DEMO_MODEL_ID } from './model.js';
import type { DemoOptions } from './options.js';

export interface Traffic {
  /** Stops posting; resolves once a batch in flight has been answered. */
  stop(): Promise<void>;
  counts(): { predictions: number; outcomes: number; pendingOutcomes: number };
}

interface PendingOutcome {
  due: number;
  predictionId: string;
  actual: number;
  value: number;
}

/** The story's phase at `elapsedMs` after traffic started. */
export function phaseAt(elapsedMs: number, options: DemoOptions): Phase {
  return {
    shifted: elapsedMs >= options.shiftAfterMs,
    conceptDrift: elapsedMs >= options.conceptDriftAfterMs,
  };
}

const PHASE_NEWS = {
  shifted: 'the applicant population shifts: older applicants, mostly from ES and IT (feature drift)',
  conceptDrift: 'what makes a loan default changes; the scores do not (concept drift: CBPE cannot see it)',
};

/**
 * Posts predictions every `batchEveryMs` at `rate` events a second, and each one's outcome a
 * random delay later, as a lending service would once loans are repaid or not. Batches never
 * overlap: the next is scheduled when the previous one has been answered. Failures are told
 * through `say` and the traffic goes on.
 */
export function startTraffic(
  { api, say, log }: DemoIo,
  options: DemoOptions,
  now: () => number = Date.now,
): Traffic {
  const uniform = mulberry32(options.seed);
  const started = now();
  const runId = started.toString(36);
  const pending: PendingOutcome[] = [];
  const counts = { predictions: 0, outcomes: 0 };
  let owed = 0;
  let sequence = 0;
  let lastTick = started - options.batchEveryMs;
  let phase: Phase = phaseAt(0, options);

  async function postPredictions(t: number): Promise<void> {
    // Owed by the clock, not by the tick count, so a slow answer does not lower the rate.
    owed += (options.rate * (t - lastTick)) / 1000;
    lastTick = t;
    const n = Math.floor(owed);
    owed -= n;
    if (n === 0) return;
    const { min, max } = options.outcomeDelayMs;
    const outcomes: PendingOutcome[] = [];
    const events = Array.from({ length: n }, () => {
      const a = applicant(uniform, phase);
      const predictionId = `${runId}-${sequence++}`;
      const due = t + min + uniform() * (max - min);
      outcomes.push({ due, predictionId, actual: a.actual, value: loanValue(a) });
      return {
        predictionId,
        timestamp: t,
        modelVersion: '1.0.0',
        segments: { channel: a.features.channel },
        features: a.features,
        prediction: a.score >= 0.5 ? 1 : 0,
        score: a.score,
      };
    });
    await api.send('POST', `/v1/models/${DEMO_MODEL_ID}/predictions`, { events });
    counts.predictions += n;
    pending.push(...outcomes);
  }

  async function postDueOutcomes(t: number): Promise<void> {
    pending.sort((a, b) => a.due - b.due);
    const due = pending.findIndex((p) => p.due > t);
    const ready = pending.splice(0, due === -1 ? pending.length : due);
    if (ready.length === 0) return;
    const events = ready.map(({ predictionId, actual, value }) => ({ predictionId, actual, value }));
    await api.send('POST', `/v1/models/${DEMO_MODEL_ID}/outcomes`, { events });
    counts.outcomes += events.length;
  }

  async function tick(): Promise<void> {
    const t = now();
    const next = phaseAt(t - started, options);
    for (const key of ['shifted', 'conceptDrift'] as const) {
      if (next[key] && !phase[key]) say(`demo: ${PHASE_NEWS[key]}`);
    }
    phase = next;
    await postPredictions(t);
    await postDueOutcomes(t);
  }

  const stop = periodicTask(
    'demo traffic',
    options.batchEveryMs,
    () => tick().catch((err: Error) => say(`demo: posting traffic failed: ${err.message}`)),
    log,
  ).start();

  return {
    stop,
    counts: () => ({ ...counts, pendingOutcomes: pending.length }),
  };
}
