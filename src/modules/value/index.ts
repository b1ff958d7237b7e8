/**
 * The value module's entry: value objectives judged per model, and their latest results. Other
 * modules, http/, jobs/, cli/ and the composition root import from here only; files inside the
 * module import each other directly (eslint.config.js, docs/architecture.md#modules).
 */
export { createValueService, type ValueService } from './value.service.js';
export { valueStore, type StoredObjectiveResult } from './value.store.js';
