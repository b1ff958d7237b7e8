/**
 * The references module's entry: references: building, storing and loading them for a model spec.
 * Other modules, http/, jobs/, cli/ and the composition root import from here only; files inside
 * the module import each other directly (eslint.config.js, docs/architecture.md#modules).
 */
export { createReferenceLoader, referenceForSpec, type ReferenceLoader } from './reference-loader.js';
export { referencesRoutes } from './references.routes.js';
export { realizedPerformance } from './references.schemas.js';
export { createReferencesService, type ReferencesService } from './references.service.js';
export { referencesStore, type ReferencesStore } from './references.store.js';
export { trafficStore } from './traffic.store.js';
