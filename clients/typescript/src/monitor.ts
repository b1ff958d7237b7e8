import { backoffSeconds, isRetryable, retryAfterSeconds, type BackoffOptions } from './retry.js';
import type { components } from './generated/api.js';

/**
 * Monitor: logs one model's predictions and outcomes without making the caller wait.
 *
 * `logPrediction` and `logOutcome` only put the event in a bounded buffer and return. A timer
 * sends the buffer in batches (when `batchSize` events wait, and every `flushIntervalMs`),
 * gzipped where CompressionStream exists, retrying as retry.ts says with the same event ids, so
 * the service's deduplication makes delivery exactly-once. When the buffer is full, new events
 * are dropped and counted in `stats.dropped`: the caller is never slowed down or failed by its
 * monitoring. Runs on `fetch` alone: Node ≥ 22 and edge runtimes.
 */

type PredictionEvent = components['schemas']['PredictionEvent'];
type OutcomeEvent = components['schemas']['OutcomeEvent'];
type IngestResult = components['schemas']['IngestResult'];
type Features = PredictionEvent['features'];
type Label = PredictionEvent['prediction'];

export interface MonitorOptions {
  url: string;
  apiKey: string;
  model: string;
  /** Events a request carries (default 500); a full batch is sent at once. */
  batchSize?: number;
  /** Everything buffered is sent at least this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Events the buffer holds (default 100,000); beyond it, new events are dropped and counted. */
  maxBuffer?: number;
  backoff?: BackoffOptions;
  /** Give up on a batch after retrying this long (default: never, until close's deadline). */
  maxRetryMs?: number;
  modelVersion?: string;
  /** Called on events the service refused (`rejected`) or that were given up on (`failed`). */
  onError?: (kind: 'rejected' | 'failed', detail: unknown) => void;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface PredictionInput {
  features: Features;
  prediction: Label;
  /** Default: a new unique id, returned by logPrediction. */
  predictionId?: string;
  score?: number;
  scores?: Record<string, number>;
  /** Date, epoch milliseconds or an RFC 3339 string; default: now. */
  timestamp?: Date | number | string;
  modelVersion?: string;
  segments?: Record<string, string>;
}

export interface MonitorStats {
  queued: number;
  dropped: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failed: number;
}

const PATHS = { predictions: 'predictions', outcomes: 'outcomes' } as const;
type Kind = keyof typeof PATHS;

export class Monitor {
  readonly stats: MonitorStats = {
    queued: 0,
    dropped: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    failed: 0,
  };
  private readonly options: Required<Pick<MonitorOptions, 'batchSize' | 'flushIntervalMs' | 'maxBuffer'>> &
    MonitorOptions;
  private readonly fetch: typeof fetch;
  private readonly buffers: Record<Kind, (PredictionEvent | OutcomeEvent)[]> = {
    predictions: [],
    outcomes: [],
  };
  private size = 0;
  private enqueued = 0;
  private settled = 0;
  private waiters: { target: number; resolve: () => void }[] = [];
  private sending: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private deadline: number | null = null;
  private readonly idPrefix = `${randomHex(8)}-`;
  private nextId = 0;

  constructor(options: MonitorOptions) {
    this.options = { batchSize: 500, flushIntervalMs: 1000, maxBuffer: 100_000, ...options };
    if (this.options.batchSize < 1 || this.options.maxBuffer < this.options.batchSize) {
      throw new RangeError('need 1 ≤ batchSize ≤ maxBuffer');
    }
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Buffers one prediction and returns its id; log its outcome later with that id. */
  logPrediction(input: PredictionInput): string {
    const predictionId = input.predictionId ?? this.idPrefix + (this.nextId++).toString(36);
    const event: PredictionEvent = {
      predictionId,
      timestamp: input.timestamp === undefined ? Date.now() : toTimestamp(input.timestamp),
      features: input.features,
      prediction: input.prediction,
    };
    if (input.score !== undefined) event.score = input.score;
    if (input.scores !== undefined) event.scores = input.scores;
    const version = input.modelVersion ?? this.options.modelVersion;
    if (version !== undefined) event.modelVersion = version;
    if (input.segments !== undefined) event.segments = input.segments;
    this.put('predictions', event);
    return predictionId;
  }

  /**
   * Buffers the true outcome of an earlier prediction; `value` is the business value it realized
   * (revenue, cost saved, loss avoided), summed per window by the service.
   */
  logOutcome(predictionId: string, actual: Label, timestamp?: Date | number | string, value?: number): void {
    const event: OutcomeEvent = { predictionId, actual };
    if (timestamp !== undefined) event.timestamp = toTimestamp(timestamp);
    if (value !== undefined) event.value = value;
    this.put('outcomes', event);
  }

  logPredictions(inputs: Iterable<PredictionInput>): string[] {
    return Array.from(inputs, (input) => this.logPrediction(input));
  }

  logOutcomes(
    outcomes: Iterable<{
      predictionId: string;
      actual: Label;
      timestamp?: Date | number | string;
      value?: number;
    }>,
  ): void {
    for (const o of outcomes) this.logOutcome(o.predictionId, o.actual, o.timestamp, o.value);
  }

  /** Resolves when every event logged before the call is delivered or given up on. */
  flush(): Promise<void> {
    const target = this.enqueued;
    if (this.settled >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.kick();
    return done;
  }

  /**
   * Delivers what is buffered (retrying for at most `timeoutMs`), then stops the timer. Events
   * logged afterwards are dropped. Resolves true when every buffered event reached the service.
   */
  async close(timeoutMs = 10_000): Promise<boolean> {
    if (this.closed) return this.size === 0;
    const failedBefore = this.stats.failed;
    this.deadline = Date.now() + timeoutMs;
    await this.flush();
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    return this.stats.failed === failedBefore;
  }

  private put(kind: Kind, event: PredictionEvent | OutcomeEvent): void {
    if (this.closed || this.size >= this.options.maxBuffer) {
      this.stats.dropped++;
      return;
    }
    const buffer = this.buffers[kind];
    buffer.push(event);
    this.size++;
    this.enqueued++;
    this.stats.queued++;
    if (this.timer === null) this.startTimer();
    if (buffer.length >= this.options.batchSize) this.kick();
  }

  private startTimer(): void {
    this.timer = setInterval(() => this.kick(), this.options.flushIntervalMs);
    // In Node, the timer must not keep the process alive; close() or flush() send the rest.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Starts a sending round unless one runs; a round sends everything buffered when it looks. */
  private kick(): void {
    if (this.sending !== null) return;
    this.sending = (async () => {
      try {
        await this.drain();
      } finally {
        this.sending = null;
      }
      if (this.size > 0 && (this.settled < this.enqueued || this.waiters.length > 0)) this.kick();
    })();
  }

  private async drain(): Promise<void> {
    for (const kind of ['predictions', 'outcomes'] as const) {
      const buffer = this.buffers[kind];
      while (buffer.length > 0) {
        const batch = buffer.splice(0, this.options.batchSize);
        try {
          await this.deliver(kind, batch);
        } catch (err) {
          this.stats.failed += batch.length;
          this.options.onError?.('failed', err);
        }
        this.size -= batch.length;
        this.settled += batch.length;
        this.waiters = this.waiters.filter((w) => (this.settled >= w.target ? (w.resolve(), false) : true));
      }
    }
  }

  private async deliver(kind: Kind, events: (PredictionEvent | OutcomeEvent)[]): Promise<void> {
    const { url, apiKey, model } = this.options;
    const target = `${url.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(model)}/${PATHS[kind]}`;
    const json = JSON.stringify({ events });
    const { body, encoding } = await compress(json);
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    };
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let retryAfter: number | null = null;
      let reason: string;
      try {
        const res = await this.fetch(target, { method: 'POST', headers, body });
        if (res.status === 202) {
          this.count((await res.json()) as IngestResult);
          return;
        }
        const text = await res.text();
        reason = `HTTP ${res.status}: ${text.slice(0, 200)}`;
        if (!isRetryable(res.status)) {
          this.stats.failed += events.length;
          this.options.onError?.('failed', { status: res.status, events: events.length, reason });
          return;
        }
        retryAfter = retryAfterSeconds(res.headers.get('retry-after'));
      } catch (err) {
        reason = (err as Error).message;
      }
      const waitMs = 1000 * backoffSeconds(attempt, retryAfter, this.options.backoff);
      const now = Date.now();
      const outOfTime =
        (this.options.maxRetryMs !== undefined && now + waitMs - started > this.options.maxRetryMs) ||
        (this.deadline !== null && now + waitMs > this.deadline);
      if (outOfTime) {
        this.stats.failed += events.length;
        this.options.onError?.('failed', { events: events.length, attempts: attempt + 1, reason });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private count(reply: IngestResult): void {
    this.stats.accepted += reply.accepted;
    this.stats.duplicates += reply.duplicates;
    if (reply.rejectedCount > 0) {
      this.stats.rejected += reply.rejectedCount;
      this.options.onError?.('rejected', reply);
    }
  }
}

function toTimestamp(value: Date | number | string): number | string {
  return value instanceof Date ? value.getTime() : value;
}

function randomHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** gzip through CompressionStream where the runtime has it (Node ≥ 18, browsers, edge runtimes). */
async function compress(text: string): Promise<{ body: string | ArrayBuffer; encoding: string | null }> {
  if (typeof CompressionStream === 'undefined') return { body: text, encoding: null };
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return { body: await new Response(stream).arrayBuffer(), encoding: 'gzip' };
}
