/**
 * The ingest module's entry: accepting and committing prediction and outcome batches, admission,
 * partitions, the reconciler. Other modules, http/, jobs/, cli/ and the composition root import
 * from here only; files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { createAdmission, type Admission } from './admission.js';
export { decodeBody } from './ingest.decode.js';
export { ndjsonLines, parseNdjsonLine } from './ingest.ndjson.js';
export { ingestRoutes } from './ingest.routes.js';
export { createIngestService, type IngestService } from './ingest.service.js';
export { createIngestStore, type BatchRef } from './ingest.store.js';
export { createPartitionUpkeep, type PartitionUpkeep } from './partitions.js';
export { bullmqFoldQueue, createReconciler, type Reconciler } from './reconciler.js';
export { createValidatorCache } from './validator-cache.js';
