import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Worker } from 'bullmq';
import type { Container } from './container.js';
import { createRedis } from './lib/redis.js';
import type { ShutdownStep } from './lib/shutdown.js';
import { QUEUE_NAMES, QUEUES_AWAITING_PROCESSOR } from './jobs/queues.js';
import { assertEveryQueueHasAProcessor } from './jobs/processors.js';
import { instrumentProcessor } from './jobs/instrument.js';

/**
 * Starts a BullMQ worker per queue and, in the worker role, its own /metrics and /healthz (the
 * `all` role serves /metrics on the API's port); returns its stop steps and where metrics listen.
 */
export async function startWorker(
  container: Container,
): Promise<{ steps: ShutdownStep[]; metricsUrl: string | null }> {
  const { config, log } = container;
  const processors = container.processors;
  assertEveryQueueHasAProcessor(QUEUE_NAMES, processors, QUEUES_AWAITING_PROCESSOR);
  const unconsumed = QUEUE_NAMES.filter((name) => !processors[name]);
  if (unconsumed.length > 0) {
    log.warn({ queues: unconsumed }, 'no processor yet for these queues: their jobs wait in Redis');
  }
  const connection = createRedis(container.redisUrl, 'consumer');
  connection.on('error', (err) => log.debug({ err: err.message }, 'worker Redis connection error'));
  const workers = QUEUE_NAMES.flatMap((name) => {
    const processor = processors[name];
    if (!processor) return [];
    return [
      new Worker(name, instrumentProcessor(name, processor, container.metrics), {
        connection,
        prefix: config.QUEUE_PREFIX,
        concurrency: 4,
        autorun: true,
        // A killed worker's jobs stay active until its lock expires and a stalled check finds them.
        lockDuration: config.JOB_LOCK_MS,
        stalledInterval: config.JOB_LOCK_MS,
        ...container.workerOptions[name],
      }),
    ];
  });
  for (const worker of workers) {
    worker.on('failed', (job, err) => log.warn({ queue: worker.name, jobId: job?.id, err }, 'job failed'));
  }
  const background = container.backgroundTasks.map((task) => task.start());

  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      void container.metrics.registry.metrics().then((body) => {
        res.writeHead(200, { 'content-type': container.metrics.registry.contentType }).end(body);
      });
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  let metricsUrl: string | null = null;
  if (container.role === 'worker') {
    server.listen(config.METRICS_PORT, config.HOST);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    metricsUrl = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}/metrics`;
    log.info({ port }, 'worker metrics listening');
  }
  return {
    metricsUrl,
    steps: [
      { name: 'stop background tasks', run: () => Promise.all(background.map((stop) => stop())) },
      { name: 'finish in-flight jobs', run: () => Promise.all(workers.map((w) => w.close())) },
      { name: 'close worker Redis', run: () => connection.quit().catch(() => connection.disconnect()) },
      { name: 'close metrics server', run: () => new Promise((r) => server.close(() => r(undefined))) },
    ],
  };
}
