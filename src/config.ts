import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseAllowEntry, splitAllowList } from './lib/outbound/allow-list.js';
import { KeyringFormatError, parseKeyring } from './lib/secret-box/keyring.js';
import { parseWindowIntervals, parseWindowList } from './lib/windows.js';

const durationMs = z.coerce.number().int().positive();
const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('')
  .transform((v) => v === '1' || v === 'true');

/** Each setting on its own; configSchema adds the checks across settings. */
const settings = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_API_KEY: z
    .string()
    .regex(/^mw_[A-Za-z0-9_-]{20,}$/, 'must look like mw_ followed by at least 20 URL-safe characters')
    .optional(),
  /**
   * Keys that seal channel secrets at rest (docs/secrets.md): `[id:]base64 of 32 bytes`, several
   * comma-separated while rotating; the first seals, all open. Checked, never echoed, in configSchema.
   */
  SECRETS_KEY: z.string().optional(),
  /** Without SECRETS_KEY: the key file to use, created on first start (default .data/secrets.key). */
  SECRETS_KEY_FILE: z.string().min(1).optional(),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  MAX_BATCH_EVENTS: z.coerce.number().int().positive().max(1_000_000).default(5000),
  // Ingest admission (modules/ingest/admission.ts): past either bound a request gets 503 at once.
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(16),
  INGEST_TARGET_LATENCY_MS: durationMs.default(500),
  INGEST_MAX_IN_FLIGHT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  // Fine tiles roll up into hour tiles, so a tile must divide the hour (and be shorter).
  TILE_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(1800)
    .refine((s) => 3600 % s === 0, 'must divide 3600 (e.g. 10, 30, 60, 300)')
    .default(60),
  /** Fine tiles of hours already rolled up are kept this long (windows with minute edges). */
  TILE_FINE_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 366)
    .default(48),
  RETENTION_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  /** Merged blocks of closed minutes a process keeps for window reads (src/modules/tiles "Window cache"); 0: none. */
  WINDOW_CACHE_MB: z.coerce.number().int().nonnegative().max(65_536).default(64),
  SHUTDOWN_TIMEOUT_MS: durationMs.default(25_000),
  // Time to receive a whole request (headers and body), and its headers alone: past them, 408 and
  // the connection closes, so a slow client cannot hold a connection and an ingest slot for long.
  REQUEST_TIMEOUT_MS: durationMs.default(30_000),
  HEADERS_TIMEOUT_MS: durationMs.default(10_000),
  // An idle kept-alive connection closes after this; keep it above a load balancer's idle timeout.
  KEEP_ALIVE_TIMEOUT_MS: durationMs.default(72_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  // Past this event-loop delay every route but health answers 503 with Retry-After; 0 turns it off.
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().nonnegative().default(1_000),
  /** Failed authentications per client address and minute before 429 (http/plugins/auth-failures.ts). */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  // Which proxies' X-Forwarded-For to believe for the client address: true, a hop count, or addresses/CIDRs.
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v, ctx): boolean | number | string[] => {
      const text = v.trim();
      if (text === '' || text === 'false') return false;
      if (text === 'true') return true;
      if (/^\d+$/.test(text)) return Number(text);
      const entries = text.split(',').map((s) => s.trim());
      for (const bad of entries.filter((e) => !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e))) {
        ctx.addIssue({ code: 'custom', message: `"${bad}" is not an IP address or CIDR range` });
      }
      return entries;
    }),
  // A hash tag keeps each queue's keys in one Redis Cluster slot.
  QUEUE_PREFIX: z.string().min(1).default('{mw}'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // Evaluation (src/modules/evaluation/README.md): window lengths like 5m, 1h, 24h, 7d.
  EVALUATION_WINDOWS: z
    .string()
    .default('5m,1h,24h')
    .transform((s, ctx) => parseWindowList(s, ctx)),
  EVALUATION_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /**
   * Windows evaluated less often than every EVALUATION_INTERVAL_SECONDS, as `window=seconds`
   * (src/modules/evaluation/README.md "When"); entries naming no configured window are ignored.
   */
  EVALUATION_WINDOW_INTERVALS: z
    .string()
    .default('1h=120,24h=600')
    .transform((s, ctx) => parseWindowIntervals(s, ctx)),
  /** How often each model's value objective is judged over its window (docs/kpis.md#value). */
  OBJECTIVE_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Width of the slot that debounces the evaluation after a fold (one job per model and slot). */
  EVALUATION_DEBOUNCE_MS: z.coerce.number().int().min(100).max(600_000).default(500),
  /** Evaluations older than this keep one per window and hour (retention thins the rest). */
  EVALUATION_FULL_RESOLUTION_HOURS: z.coerce.number().int().min(1).max(8_760).default(48),
  /** The window whose latest evaluation is the model's status; default: the shortest window. */
  STATUS_WINDOW: z.string().optional(),
  /**
   * False drift alerts accepted per model per 30 days, spent over features, windows and
   * evaluations (docs/statistics.md#alarm-budget); alert rules may set their own.
   */
  ALARM_BUDGET: z.coerce.number().positive().max(10_000).default(1),
  /** Relative drop of the headline metric against the reference that makes a model degraded. */
  PERFORMANCE_DROP: z.coerce.number().positive().max(1).default(0.1),
  REFERENCE_MAX_ROWS: z.coerce.number().int().positive().default(1_000_000),
  REFERENCE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Which process exports the model gauges (so replicas do not double series): api, worker or none. */
  EXPORT_MODEL_METRICS: z.enum(['api', 'worker', 'none']).default('api'),
  MODEL_METRICS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  /** How often the worker reads BullMQ's job counts into modelwatch_queue_jobs. */
  QUEUE_METRICS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  /** How often the worker's reconciler looks for committed batches that have no live fold job. */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  /** Unfolded batches at least this old are enqueued again; younger ones are left to the enqueue after commit. */
  RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** A worker's lock on a job: once a dead worker's lock expires, its jobs go back to the queue. */
  JOB_LOCK_MS: durationMs.min(1_000).max(600_000).default(30_000),
  /** Per model and window, at most this many features get drift series (drifted ones first). */
  MAX_FEATURE_SERIES: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Per scrape, at most this many segment values get series, over every model (worst first); 0: none. */
  MAX_SEGMENT_SERIES: z.coerce.number().int().min(0).max(100_000).default(1_000),
  MODELWATCH_LOCAL_SERVICES: flag,
  /** Where the embedded Postgres and a spawned redis-server keep their files (default: `.data/`). */
  MODELWATCH_DATA_DIR: z.string().min(1).optional(),
  // Private hosts that webhook, Slack, PagerDuty and Alertmanager URLs may reach (names, IPs, CIDRs).
  ALLOWED_WEBHOOK_HOSTS: z
    .string()
    .default('')
    .transform(splitAllowList)
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        try {
          parseAllowEntry(entry);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }
    }),
  /** `modelwatch demo` also sends its alerts to this Alertmanager (the service's own channels are set through the API). */
  ALERTMANAGER_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Where people reach this service: links in alerts (generatorURL, the webhook's externalURL).
  // Default: the address the API listens on (defaultPublicUrl).
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** A console session lasts this long from sign-in, however active (docs/console.md). */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  // Notification retries: exponential from the first delay, capped, for at least the horizon.
  NOTIFY_RETRY_FIRST_DELAY_MS: durationMs.default(5_000),
  NOTIFY_RETRY_MAX_DELAY_MS: durationMs.default(3_600_000),
  NOTIFY_RETRY_HORIZON_MS: durationMs.default(24 * 3_600_000),
  // Per delivery attempt, from the DNS check to the end of the response (Standard Webhooks: 15–30 s).
  NOTIFY_TIMEOUT_MS: durationMs.default(15_000),
  // Notifications still queued this long after their last change are enqueued again (Redis lost them).
  NOTIFY_RECONCILE_AFTER_MS: durationMs.default(120_000),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  // Alertmanager forgets a resolved alert it is not told about again; re-send it this long.
  ALERTMANAGER_RESOLVED_RESEND_MS: durationMs.default(300_000),
});

/** The name of every setting the service reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(settings.shape);

/** Every setting the service reads, checked together. Only this file reads process.env. */
export const configSchema = settings
  .superRefine((config, ctx) => {
    if (config.SECRETS_KEY !== undefined) {
      try {
        parseKeyring(config.SECRETS_KEY);
      } catch (err) {
        if (!(err instanceof KeyringFormatError)) throw err;
        ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: err.message });
      }
    }
    // A key file made on one machine cannot serve replicas on others, nor survive a new container:
    // with a database of its own, the service needs a key chosen by the operator.
    if (config.DATABASE_URL && config.SECRETS_KEY === undefined && config.SECRETS_KEY_FILE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SECRETS_KEY'],
        message:
          'required when DATABASE_URL is set (or SECRETS_KEY_FILE, a key file every replica shares): ' +
          'create one with `modelwatch secrets generate-key`; see docs/secrets.md',
      });
    }
    if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HEADERS_TIMEOUT_MS'],
        message: 'must not exceed REQUEST_TIMEOUT_MS',
      });
    }
    if (config.INGEST_MAX_IN_FLIGHT_BYTES < config.BODY_LIMIT) {
      ctx.addIssue({
        code: 'custom',
        path: ['INGEST_MAX_IN_FLIGHT_BYTES'],
        message:
          'must be at least BODY_LIMIT, or a request of the largest allowed size could never be admitted',
      });
    }
    if (
      config.STATUS_WINDOW !== undefined &&
      !config.EVALUATION_WINDOWS.some((w) => w.name === config.STATUS_WINDOW)
    ) {
      ctx.addIssue({ code: 'custom', path: ['STATUS_WINDOW'], message: 'must be one of EVALUATION_WINDOWS' });
    }
  })
  .transform((config) => ({ ...config, PUBLIC_URL: config.PUBLIC_URL ?? defaultPublicUrl(config) }));

/** The address the API listens on, as a person on this machine reaches it (a wildcard is localhost). */
function defaultPublicUrl({ HOST, PORT }: { HOST: string; PORT: number }): string {
  const host = HOST === '0.0.0.0' || HOST === '::' ? 'localhost' : HOST.includes(':') ? `[${HOST}]` : HOST;
  return `http://${host}:${PORT}`;
}

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Parses the environment; returns every problem at once rather than the first. */
export function parseConfig(
  env: Record<string, string | undefined> = process.env,
): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const result = configSchema.safeParse(env);
  if (result.success) return { ok: true, config: Object.freeze(result.data) };
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  return { ok: false, problems };
}

/** Reads the configuration once, or prints every invalid variable and exits 1. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseConfig(env);
  if (parsed.ok) return parsed.config;
  process.stderr.write(
    `modelwatch: invalid configuration\n${parsed.problems.map((p) => `  ${p}\n`).join('')}`,
  );
  process.exit(1);
}
