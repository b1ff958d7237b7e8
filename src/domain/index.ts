/**
 * The domain kernel (issue 13): what every layer shares and no layer owns. The model spec and its
 * ids, the principal a request acts as, and paging. It imports nothing from `modules/` or `http/`,
 * and `stats/` imports from here, never from a module (eslint.config.js enforces both).
 */
export * from './model-spec.js';
export * from './paging.js';
export * from './principal.js';
export * from './value-objective.js';
