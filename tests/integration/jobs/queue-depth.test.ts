/**
 * modelwatch_queue_jobs{queue,state} (issue 4 item 5, "queue depth by state"): BullMQ's own job
 * counts, read by the worker and served on its /metrics; the API role exports no such series.
 * Expected counts are the jobs each test put in the queues itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_JOB_STATES, queueDepth } from '../../../src/jobs/queue-depth.js';
import { QUEUE_NAMES, type QueueName } from '../../../src/jobs/queues.js';
import { startWorker } from '../../../src/main-worker.js';
import type { ShutdownStep } from '../../../src/lib/shutdown.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';
import { eventually } from '../../helpers/eventually.js';
import { predictionEvent, redisReady, registerModel } from '../../helpers/ingest.js';
import { cleanupPrefix, testRedis, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';

const PROMTOOL = '/usr/bin/promtool';
const redis = testRedis();

/** `modelwatch_queue_jobs` samples as `queue/state` → value. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const m of text.matchAll(/^modelwatch_queue_jobs\{([^}]*)\} (\S+)$/gm)) {
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    found.set(`${labels.queue}/${labels.state}`, Number(m[2]));
  }
  return found;
}

describe('queueDepth', () => {
  const prefix = uniquePrefix();
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    if (!queues.has(name)) queues.set(name, new Queue(name, { connection: { url: testRedisUrl() }, prefix }));
    return queues.get(name)!;
  };
  afterAll(async () => {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await cleanupPrefix(redis, prefix);
  });

  it('sets every queue and state from the queues’ counts', async () => {
    const data = { batchId: 1, modelId: 'm', kind: 'predictions' };
    for (const id of ['a', 'b', 'c']) await queue('fold').add('fold', data, { jobId: id });
    await queue('evaluate').add('evaluate', { kind: 'tick', modelId: 'm' }, { delay: 3_600_000 });
    const registry = new Registry();
    const refresh = queueDepth(registry, queue);
    await refresh();
    const found = samples(await registry.metrics());
    expect(found.size).toBe(QUEUE_NAMES.length * QUEUE_JOB_STATES.length);
    expect(found.get('fold/waiting')).toBe(3);
    expect(found.get('evaluate/delayed')).toBe(1);
    expect(found.get('evaluate/waiting')).toBe(0);
    expect(found.get('fold/failed')).toBe(0);

    await queue('fold').remove('a');
    await refresh();
    expect(samples(await registry.metrics()).get('fold/waiting')).toBe(2);
  });
});

describe('the worker’s /metrics', () => {
  let t: TestApp;
  let api: TestApp;
  let steps: ShutdownStep[] = [];
  let metricsUrl: string;

  beforeAll(async () => {
    const db = await freshDatabase();
    const env = { METRICS_PORT: '0', HOST: '127.0.0.1', QUEUE_METRICS_REFRESH_SECONDS: '1' };
    t = await createTestApp({ databaseUrl: db.url, role: 'worker', env });
    api = await createTestApp({ databaseUrl: db.url, role: 'api', env });
    await redisReady(t.container.redis);
    await registerModel(t, 'credit');
    const started = await startWorker(t.container);
    steps = started.steps;
    metricsUrl = started.metricsUrl!;
  });
  afterAll(async () => {
    for (const step of steps) await step.run();
    await api?.close();
    await t?.close();
  });

  it('shows a folded batch as completed and a bad payload as failed', async () => {
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/models/credit/predictions',
      payload: { events: [predictionEvent('p1')] },
    });
    expect(res.statusCode).toBe(202);
    // A payload the fold processor refuses for good (UnrecoverableError): failed at once.
    await t.container.queues.get('fold').add('fold', { batchId: 'not a number' }, { jobId: 'bad' });

    const found = await eventually(async () => {
      const s = samples(await (await fetch(metricsUrl)).text());
      return s.get('fold/completed') === 1 && s.get('fold/failed') === 1 ? s : undefined;
    }, 20_000);
    expect(found.get('fold/waiting')).toBe(0);
    expect(found.get('fold/active')).toBe(0);
    for (const name of QUEUE_NAMES)
      for (const state of QUEUE_JOB_STATES) expect(found.has(`${name}/${state}`)).toBe(true);
  });

  it("passes promtool check metrics: the worker's whole /metrics (Debian prometheus package)", async () => {
    expect(existsSync(PROMTOOL), `${PROMTOOL} is missing: install Debian's prometheus package`).toBe(true);
    const all = await (await fetch(metricsUrl)).text();
    expect(all).toContain('# TYPE modelwatch_queue_jobs gauge');
    expect(all).toContain('modelwatch_nodejs_active_handles'); // the process metrics too
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: all, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('is not exported by the API role', async () => {
    const res = await api.request(null, { method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('modelwatch_queue_jobs');
  });
});
