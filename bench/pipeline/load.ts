import { batchBody } from '../ingest/events.js';

/** One posted batch: when it was sent and answered, and the event time of all its events. */
export interface PostedBatch {
  seq: number;
  tsMs: number;
  sentAt: number;
  ackedAt: number;
  accepted: number;
}

export interface LoadPlan {
  url: string;
  apiKey: string;
  modelId: string;
  events: number;
  batch: number;
  /** Target events per second; batches are due at a fixed pace and sent late when behind. */
  rate: number;
  /** Requests in flight at most. */
  clients: number;
  pool: string[];
}

/**
 * Posts `events` in batches at the target rate: batch k is due at start + k × batch / rate and
 * goes as soon as it is due and a client is free, so a slow service lowers the rate reached
 * (reported), never the number of events. Each batch's events carry the time it was sent.
 */
export async function steadyLoad(
  plan: LoadPlan,
  onBatch: (b: PostedBatch) => void,
): Promise<{ shed: number }> {
  const batches = Math.ceil(plan.events / plan.batch);
  const everyMs = (1000 * plan.batch) / plan.rate;
  const url = `${plan.url}/v1/models/${plan.modelId}/predictions`;
  const headers = { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' };
  const start = performance.now() + 50;
  let next = 0;
  let shed = 0;
  await Promise.all(
    Array.from({ length: plan.clients }, async () => {
      for (let seq = next++; seq < batches; seq = next++) {
        const wait = start + seq * everyMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const size = Math.min(plan.batch, plan.events - seq * plan.batch);
        const sentAt = Date.now();
        const body = batchBody({ client: 0, seq, size }, plan.pool, new Date(sentAt).toISOString());
        const accepted = await post(url, headers, body, () => shed++);
        onBatch({ seq, tsMs: sentAt, sentAt, ackedAt: Date.now(), accepted });
      }
    }),
  );
  return { shed };
}

/** Posts until answered 202; a 429 or 503 (load shed) is retried after its Retry-After. */
async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  onShed: () => void,
): Promise<number> {
  for (;;) {
    const res = await fetch(url, { method: 'POST', headers, body });
    const reply = (await res.json()) as { accepted?: number };
    if (res.status === 202) return reply.accepted ?? 0;
    if (res.status !== 429 && res.status !== 503) {
      throw new Error(`${res.status} ${JSON.stringify(reply)}`);
    }
    onShed();
    const seconds = Number(res.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, 1000 * (Number.isFinite(seconds) ? seconds : 1)));
  }
}
