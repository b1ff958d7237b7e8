import { seededRandom } from '../../tests/helpers/random.js';
import { benchEvents } from '../fold/events.js';
import { sliced, type Slicing } from './slicing.js';

export interface TrafficPlan {
  url: string;
  apiKey: string;
  models: readonly string[];
  /** Events per model per minute, posted as one batch a minute per model (default 60: 1 event/s). */
  perMinute: number;
  slicing: Slicing;
}

/**
 * Modest traffic for every model through the API: each model posts one batch a minute, at its
 * own second of the minute (models spread evenly), of `perMinute` predictions over the minute
 * before, then outcomes for one in five of them. At most 8 requests are in flight.
 */
export function startTraffic(plan: TrafficPlan) {
  const headers = { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' };
  const rng = seededRandom(5);
  let stopped = false;
  let posted = 0;
  let seq = 0;
  const queue: (() => Promise<void>)[] = [];
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${plan.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const batchOf = (modelId: string) => async () => {
    const now = Date.now();
    const rows = benchEvents(rng, `${modelId}-${seq++}`, now - 60_000, plan.perMinute).map((r, i) =>
      sliced(r, i, plan.slicing),
    );
    await post(`/v1/models/${modelId}/predictions`, {
      events: rows.map((r) => ({
        predictionId: r.predictionId,
        timestamp: new Date(r.tsMs).toISOString(),
        modelVersion: r.modelVersion,
        ...(r.segments === null ? {} : { segments: JSON.parse(r.segments) as unknown }),
        features: JSON.parse(r.features) as unknown,
        prediction: JSON.parse(r.prediction) as unknown,
        score: r.score,
      })),
    });
    await post(`/v1/models/${modelId}/outcomes`, {
      events: rows
        .filter((_, i) => i % 5 === 0)
        .map((r) => ({ predictionId: r.predictionId, actual: rng.uniform() < r.score! ? 1 : 0 })),
    });
    posted += rows.length;
  };
  const senders = Array.from({ length: 8 }, async () => {
    while (!stopped || queue.length > 0) {
      const next = queue.shift();
      if (next) await next();
      else await new Promise((r) => setTimeout(r, 50));
    }
  });
  const ticker = (async () => {
    for (let second = 0; !stopped; second++) {
      const due = Math.floor(Date.now() / 1000) * 1000 + 1000;
      for (let i = second % 60; i < plan.models.length; i += 60) queue.push(batchOf(plan.models[i]!));
      await new Promise((r) => setTimeout(r, due - Date.now()));
    }
  })();
  return {
    posted: () => posted,
    backlog: () => queue.length,
    async stop() {
      stopped = true;
      await ticker;
      await Promise.all(senders);
    },
  };
}
