import type { Logger } from 'pino';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../../lib/errors.js';
import { isPlainObject, type TimeWindow } from './ingest.fields.js';
import { ndjsonLines, parseNdjsonLine } from './ingest.ndjson.js';
import { BatchCollector, type CollectedRequest, type RejectedEvent } from './batch-collector.js';
import type { BatchRef, CommittedBatch, EventKind, IngestStore } from './ingest.store.js';
import type { EventValidator, OutcomeRow, PredictionRow } from './ingest.validator.js';
import type { ValidatorCache } from './validator-cache.js';

export type IngestInput =
  | { format: 'json'; body: unknown }
  | { format: 'ndjson'; stream: AsyncIterable<Buffer | string> | undefined };

export interface IngestRequest {
  modelId: string;
  kind: EventKind;
  keyId: string | null;
  input: IngestInput;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** Every invalid event; `rejected` lists the first MAX_LISTED_REJECTIONS of them. */
  rejectedCount: number;
  rejected: RejectedEvent[];
  ignoredFeatures: string[];
  batchIds: number[];
}

export interface EventCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface IngestServiceDeps {
  store: Pick<IngestStore, 'findModel' | 'ensurePartitions' | 'commitPredictions' | 'commitOutcomes'>;
  validators: ValidatorCache;
  /** Enqueues the fold job of a committed batch; may fail (Redis away): the reconciler catches up. */
  enqueueFold: (batch: BatchRef) => Promise<void>;
  recordEvents: (modelId: string, kind: EventKind, counts: EventCounts) => void;
  log: Logger;
  /** Takes an error that says a dependency is down (logged once per outage); true if it did. */
  absorb?: (err: unknown) => unknown;
  limits: { maxBatchEvents: number; bodyLimit: number; retentionDays: number };
  clock?: () => number;
  /** How long a reply waits for Redis after the commit before it answers anyway. */
  enqueueTimeoutMs?: number;
}

const DAY_MS = 86_400_000;

function jsonEvents(body: unknown, maxBatchEvents: number): unknown[] {
  if (!isPlainObject(body) || !Array.isArray(body.events)) {
    throw new ValidationError('The body must be a JSON object { "events": [ … ] }.', [
      { pointer: '/events', message: 'must be an array of events', location: 'body' },
    ]);
  }
  if (body.events.length > maxBatchEvents) {
    throw new PayloadTooLargeError(
      `The batch has ${body.events.length} events; a JSON request holds at most ${maxBatchEvents}. Split it, or send NDJSON.`,
    );
  }
  return body.events;
}

async function collect<R extends { predictionId: string }>(
  input: IngestInput,
  validate: EventValidator<R>,
  window: TimeWindow,
  limits: IngestServiceDeps['limits'],
): Promise<CollectedRequest<R>> {
  const collector = new BatchCollector(validate, window);
  if (input.format === 'json') {
    jsonEvents(input.body, limits.maxBatchEvents).forEach((event, index) => collector.add(event, index));
  } else if (input.stream) {
    for await (const line of ndjsonLines(input.stream, limits.bodyLimit)) {
      collector.add(parseNdjsonLine(line), line.index);
    }
  }
  return collector.finish(limits.maxBatchEvents);
}

/** Rejections and in-request duplicates are recorded on the request's first batch row. */
function toCommit<R>(collected: CollectedRequest<R>) {
  return collected.batches.map((batch, i) => ({
    rows: batch.rows,
    duplicatesBefore: i === 0 ? collected.duplicatesInRequest : 0,
    rejected: i === 0 ? collected.rejectedCount : 0,
  }));
}

export function createIngestService(deps: IngestServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const enqueueTimeoutMs = deps.enqueueTimeoutMs ?? 2_000;

  /** Enqueues after the commit; never fails the request, which is already durable. */
  async function enqueueAll(batches: BatchRef[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), enqueueTimeoutMs);
    });
    const work = Promise.allSettled(batches.map((b) => deps.enqueueFold(b)));
    const outcome = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
    const failed =
      outcome === 'timeout' ? batches.length : outcome.filter((r) => r.status === 'rejected').length;
    if (failed > 0) {
      const err = outcome === 'timeout' ? 'timed out' : outcome.find((r) => r.status === 'rejected')?.reason;
      // A Redis outage is logged once, by whoever watches the dependencies, not once per request.
      if (deps.absorb?.(err)) return;
      deps.log.warn(
        { batchIds: batches.map((b) => b.batchId), failed, err },
        'fold not enqueued; the reconciler will enqueue it',
      );
    }
  }

  return {
    async ingest({ modelId, kind, keyId, input }: IngestRequest): Promise<IngestResult> {
      const model = await deps.store.findModel(modelId);
      if (!model || model.archived) throw new NotFoundError(`Model "${modelId}" not found.`);
      const validators = deps.validators.get(model);
      const nowMs = clock();
      const { retentionDays } = deps.limits;
      const window: TimeWindow = { nowMs, oldestMs: nowMs - retentionDays * DAY_MS, retentionDays };

      let collected: CollectedRequest<PredictionRow> | CollectedRequest<OutcomeRow>;
      let committed: CommittedBatch[] = [];
      if (kind === 'predictions') {
        const c = await collect(input, validators.predictions, window, deps.limits);
        collected = c;
        await deps.store.ensurePartitions(c.batches.flatMap((b) => b.rows.map((r) => r.tsMs)));
        if (c.total > 0) committed = await deps.store.commitPredictions(modelId, keyId, toCommit(c));
      } else {
        const c = await collect(input, validators.outcomes, window, deps.limits);
        collected = c;
        if (c.total > 0) committed = await deps.store.commitOutcomes(modelId, keyId, toCommit(c));
      }

      const counts: EventCounts = {
        accepted: committed.reduce((n, b) => n + b.accepted, 0),
        duplicates: committed.reduce((n, b) => n + b.duplicates, 0),
        rejected: collected.rejectedCount,
      };
      deps.recordEvents(modelId, kind, counts);
      await enqueueAll(committed.map((b) => ({ batchId: b.batchId, modelId, kind })));
      return {
        accepted: counts.accepted,
        duplicates: counts.duplicates,
        rejectedCount: counts.rejected,
        rejected: collected.rejected,
        ignoredFeatures: collected.ignoredFeatures,
        batchIds: committed.map((b) => b.batchId),
      };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
