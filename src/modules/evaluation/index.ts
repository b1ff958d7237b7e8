/**
 * The evaluation module's entry: window evaluations: their schemas, store, scheduler, job and read
 * ranges, model status. Other modules, http/, jobs/, cli/ and the composition root import from
 * here only; files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { createEvaluateProcessor } from './evaluation.job.js';
export { evaluationRoutes } from './evaluation.routes.js';
export { createEvaluationScheduler, type EvaluationScheduler } from './evaluation.scheduler.js';
export {
  incompleteSchema,
  MODEL_STATUSES,
  modelStatusSchema,
  readQuerySchema,
  volumeSchema,
  windowSchema,
  type Headline,
  type ModelStatus,
  type StoredEvaluation,
} from './evaluation.schemas.js';
export { createEvaluationService, type EvaluationService } from './evaluation.service.js';
export { evaluationStore, type EvaluationStore } from './evaluation.store.js';
export { incompleteness } from './incomplete.js';
export { MIN_JUDGED } from './model-status.js';
export { rangeOf, windowNamed } from './read-range.js';
export {
  sliceEvaluationStore,
  type LatestSegment,
  type SliceEvaluationStore,
} from './slice-evaluations.store.js';
export { sliceRoutes } from './slices.routes.js';
export { createSliceReads, SEVERITY, type SliceReads } from './slices.service.js';
export { tilesWindowSource } from './window-source.js';
