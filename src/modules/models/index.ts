/**
 * The models module's entry: the model registry (stored models, their HTTP contract, lifecycle and
 * history). Other modules, http/, jobs/, cli/ and the composition root import from here only; files
 * inside the module import each other directly (eslint.config.js, docs/architecture.md#modules).
 */
export { LIFECYCLE_STATUSES, type LifecycleStatus } from './lifecycle.js';
export { modelsAsOf } from './models.history.js';
export { modelsRoutes } from './models.routes.js';
export { modelParamsSchema, modelSchema, pageQuerySchema, type Model } from './models.schemas.js';
export { createModelService, type ModelService } from './models.service.js';
export { createModelStore, type StoredModel } from './models.store.js';
export { readModelSpec, readServingModelSpecs, type ModelSpecRecord } from './model-specs.store.js';
