/**
 * The evidence module's entry: the evidence record of a model for a review period (JSON and HTML).
 * Other modules, http/, jobs/, cli/ and the composition root import from here only; files inside
 * the module import each other directly (eslint.config.js, docs/architecture.md#modules).
 */
export { renderEvidenceHtml } from './evidence.html.js';
export { evidenceRoutes } from './evidence.routes.js';
export type { EvidenceService } from './evidence.service.js';
export { createEvidence } from './evidence.wiring.js';
