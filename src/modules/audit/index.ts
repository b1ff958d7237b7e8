/**
 * The audit module's entry: the audit log, its chain check and the helper that records a change in
 * its transaction. Other modules, http/, jobs/, cli/ and the composition root import from here
 * only; files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { verifyAuditChain, type ChainReport } from './audit.chain.js';
export { auditRoutes } from './audit.routes.js';
export { auditEntrySchema, auditPageSchema, type AuditEntry } from './audit.schemas.js';
export { createAuditStore, type AuditStore } from './audit.store.js';
export { recordChange } from './audited.js';
