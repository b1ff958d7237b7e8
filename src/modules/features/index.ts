/**
 * The features module's entry: one feature charted for the console. Other modules, http/, jobs/,
 * cli/ and the composition root import from here only; files inside the module import each other
 * directly (eslint.config.js, docs/architecture.md#modules).
 */
export { featureRoutes } from './features.routes.js';
export { createFeatureService, type FeatureService } from './features.service.js';
