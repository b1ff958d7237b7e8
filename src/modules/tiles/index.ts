/**
 * The tiles module's entry: folding batches into tiles, quarantine, maintenance, slices and
 * reading windows. Other modules, http/, jobs/, cli/ and the composition root import from here
 * only; files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { createFoldProcessor } from './fold.job.js';
export { createFoldService, type FoldResult, type FoldService } from './fold.service.js';
export { foldStore, PREDICTION_COLUMNS, type PredictionRecord } from './fold.store.js';
export { maintenanceStore } from './maintenance.store.js';
export { quarantineStore, type QuarantinedSummary } from './quarantine.store.js';
export { createQuarantine, type Quarantine } from './quarantine.js';
export { liveVersions, MAX_VERSION_SLICES, segmentRanks } from './segment-values.js';
export { OVERALL, parseSlice, segmentSlice, versionSlice } from './slices.js';
export { createTileMaintenance, type TileMaintenance } from './tiles.maintenance.js';
export { createTilesService, type TilesService } from './tiles.service.js';
export { tilesStore } from './tiles.store.js';
export { createWindowCache } from './window-cache.js';
export type { LoadedWindow } from './window-read.js';
