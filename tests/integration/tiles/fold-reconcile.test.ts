import { beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../../src/main-worker.js';
import type { BinarySummary } from '../../../src/stats/performance/index.js';
import { cleanupPrefix, scanKeys } from '../../helpers/redis.js';
import {
  creditEvents,
  creditOutcomes,
  foldEnv,
  hourStart,
  MINUTE,
  spread,
  type FoldEnv,
} from '../../helpers/fold-env.js';

// docs/architecture.md#invariants, invariant 1: Redis holds work, never the only copy. Every fold job lost with the
// queue's Redis keys is re-enqueued by the reconciler from Postgres, and the BullMQ worker folds
// it; the window then holds exactly the events and pairs posted (counted here).

let env: FoldEnv;

beforeAll(async () => {
  env = await foldEnv({ env: { METRICS_PORT: '0' } });
});

async function waitUntilFolded(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await env.rows<{ unfolded: number }>(
      'SELECT count(*)::int AS unfolded FROM ingest_batches WHERE folded_at IS NULL',
    );
    if (row!.unfolded === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.unfolded} batches still unfolded`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('losing every fold job in Redis', () => {
  it('loses nothing: the reconciler re-enqueues from Postgres and the worker folds it all', async () => {
    const { t } = env;
    const from = hourStart(1) + 3 * MINUTE;
    const events = creditEvents('lost', spread(from, 5 * MINUTE, 1_200), 11);
    const outcomes = creditOutcomes(events, 12);
    const batches = [
      ...(await env.post('credit', 'outcomes', outcomes.slice(0, 400))),
      ...(await env.post('credit', 'predictions', events.slice(0, 600))),
      ...(await env.post('credit', 'predictions', events.slice(600))),
      ...(await env.post('credit', 'outcomes', outcomes.slice(400, 900))),
    ];
    expect(await t.container.queues.get('fold').getJobCounts('waiting')).toEqual({ waiting: batches.length });

    const deleted = await cleanupPrefix(t.container.redis, t.queuePrefix);
    expect(deleted).toBeGreaterThan(0);
    expect(await scanKeys(t.container.redis, `${t.queuePrefix}:*`)).toEqual([]);
    // The reconciler leaves batches younger than a minute to their own enqueue: age them.
    await env.rows("UPDATE ingest_batches SET received_at = now() - interval '2 minutes'");
    expect(await t.container.ingestTasks.reconciler.runOnce()).toMatchObject({ added: batches.length });

    const { steps } = await startWorker(t.container);
    try {
      await waitUntilFolded();
    } finally {
      for (const step of steps) await step.run();
    }

    const window = await t.container.tiles.loadWindow('credit', new Date(from), new Date(from + 5 * MINUTE));
    expect(window.traffic.events).toBe(events.length);
    expect(window.traffic.performance.labelled).toBe(900);
    let positives = 0;
    for (const o of outcomes.slice(0, 900)) positives += o.actual;
    const { tp, fn } = (window.traffic.performance as BinarySummary).confusion;
    expect(tp + fn).toBe(positives);

    const metrics = await t.container.metrics.registry.getSingleMetricAsString(
      'modelwatch_jobs_processed_total',
    );
    expect(metrics).toMatch(new RegExp(`queue="fold",outcome="completed"[^\\n]*\\} ${batches.length}\\n?`));
  });
});
