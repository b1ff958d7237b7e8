import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Processor } from '../../jobs/processors.js';
import { queuePayloads } from '../../jobs/queues.js';
import type { Metrics } from '../../lib/metrics.js';
import { FoldInputError, type FoldResult, type FoldService } from './fold.service.js';

export interface FoldProcessorDeps {
  folds: Pick<FoldService, 'foldBatch'>;
  metrics: Pick<Metrics, 'foldLag'>;
  log: Logger;
  now?: () => number;
}

/**
 * The `fold` queue's processor. A payload that does not parse, or names a batch that is not
 * there, fails for good (UnrecoverableError); anything else (Postgres away, a deadlock) is thrown
 * as is, so BullMQ retries it, and the fold's transaction makes the retry safe.
 */
export function createFoldProcessor({ folds, metrics, log, now = Date.now }: FoldProcessorDeps): Processor {
  return async (job): Promise<FoldResult> => {
    const parsed = queuePayloads.fold.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid fold payload: ${parsed.error.message}`);
    let result: FoldResult;
    try {
      result = await folds.foldBatch(parsed.data);
    } catch (err) {
      if (err instanceof FoldInputError) throw new UnrecoverableError(err.message);
      throw err;
    }
    if (result.status === 'folded') {
      metrics.foldLag.observe(Math.max(0, (now() - result.receivedAt.getTime()) / 1000));
      const { modelId, kind, events, pairs, skippedPairs } = result;
      log.debug({ batchId: parsed.data.batchId, modelId, kind, events, pairs }, 'batch folded');
      if (skippedPairs > 0) {
        log.warn(
          { modelId, batchId: parsed.data.batchId, skippedPairs },
          'labelled pairs of the wrong type left out',
        );
      }
    }
    return result;
  };
}
