import { UnrecoverableError, type Job } from 'bullmq';
import { queuePayloads } from '../../jobs/queues.js';
import type { StoredEvaluation } from './evaluation.schemas.js';
import type { EvaluationScheduler } from './evaluation.scheduler.js';
import type { EvaluationService } from './evaluation.service.js';

export interface EvaluateProcessorDeps {
  service: Pick<EvaluationService, 'evaluateWindow'>;
  scheduler: Pick<EvaluationScheduler, 'tick' | 'currentWindowEnd'>;
  /** Called with each stored evaluation (alerting hooks in here). */
  onEvaluated?: (evaluation: StoredEvaluation) => Promise<void>;
}

/**
 * The `evaluate` queue's processor. A tick fans out into one job per window; a window job
 * evaluates and upserts by (model, window, window end), so a redelivered job writes the same row.
 * Without an explicit end, the window ends with the tile bucket holding the time the job runs:
 * a coalesced job (evaluation.scheduler.ts) covers every trigger that came before it started.
 */
export function createEvaluateProcessor({ service, scheduler, onEvaluated }: EvaluateProcessorDeps) {
  return async (job: Job): Promise<unknown> => {
    const parsed = queuePayloads.evaluate.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad evaluate payload: ${parsed.error.message}`);
    const payload = parsed.data;
    if (payload.kind === 'tick') {
      await scheduler.tick(payload.modelId);
      return { kind: 'tick' };
    }
    const windowEnd = payload.windowEnd ?? scheduler.currentWindowEnd();
    const result = await service.evaluateWindow(payload.modelId, payload.window, new Date(windowEnd));
    if (result === null) return { kind: 'window', skipped: true };
    await onEvaluated?.(result);
    return { kind: 'window', windowEnd, status: result.status, events: result.window.events };
  };
}
