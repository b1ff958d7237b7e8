import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Container } from './container.js';
import type { DependencyHealth } from './lib/dependency-health.js';
import { connectionSettled, createRedis, isRedisUnavailable } from './lib/redis.js';
import type { ShutdownStep } from './lib/shutdown.js';
import { QUEUE_NAMES, QUEUES_AWAITING_PROCESSOR } from './jobs/queues.js';
import { assertEveryQueueHasAProcessor } from './jobs/processors.js';
import { instrumentProcessor } from './jobs/instrument.js';
import { spareDuringOutages } from './jobs/outage-guard.js';

/**
 * Every job needs Postgres: while it is away the workers take no new jobs (those in flight are put
 * back by spareDuringOutages), so an outage costs a few attempts instead of one per job and retry.
 * The health tracker's probe finds Postgres back and the workers resume.
 */
function pauseWhilePostgresIsDown(workers: Worker[], health: DependencyHealth, log: Logger): void {
  const follow = (up: boolean) => {
    for (const worker of workers) {
      const change = up ? worker.resume() : worker.pause(true);
      change.catch((err: unknown) =>
        log.warn({ queue: worker.name, err }, 'pausing or resuming a worker failed'),
      );
    }
  };
  health.onChange((dependency, up) => {
    if (dependency === 'postgres') follow(up);
  });
  if (!health.isUp('postgres')) follow(false);
}

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
  const health = container.dependencies;
  // Redis errors are the outage the health tracker logs once; unheard, BullMQ would print each
  // one to stderr as a stack trace, several a second per connection while Redis is away.
  const onRedisError = (err: Error) => {
    if (isRedisUnavailable(err)) health.down('redis', err);
    else log.warn({ err }, 'worker Redis error');
  };
  // Jobs enqueue their follow-up work through the producer connection, which refuses commands
  // until it is ready: without this wait, the first folds would report an outage that is only a
  // connection still opening.
  await connectionSettled(container.redis);
  const connection = createRedis(container.redisUrl, 'consumer');
  connection.on('error', onRedisError);
  const workers = QUEUE_NAMES.flatMap((name) => {
    const processor = processors[name];
    if (!processor) return [];
    const guarded = spareDuringOutages(processor, health);
    return [
      new Worker(name, instrumentProcessor(name, guarded, container.metrics), {
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
    worker.on('error', onRedisError);
  }
  pauseWhilePostgresIsDown(workers, health, log);
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
      {
        name: 'finish in-flight jobs',
        // Without Redis no job can be finished or handed back: waiting for them would only run
        // into the shutdown deadline. Their locks expire and another worker takes them over.
        run: () => Promise.all(workers.map((w) => w.close(!health.isUp('redis')))),
      },
      {
        name: 'close worker Redis',
        // QUIT would wait in the offline queue for a server that is away.
        run: () =>
          connection.status === 'ready'
            ? connection.quit().catch(() => connection.disconnect())
            : connection.disconnect(),
      },
      { name: 'close metrics server', run: () => new Promise((r) => server.close(() => r(undefined))) },
    ],
  };
}
