/**
 * The sessions module's entry: console sessions and their CSRF check. Other modules, http/, jobs/,
 * cli/ and the composition root import from here only; files inside the module import each other
 * directly (eslint.config.js, docs/architecture.md#modules).
 */
export { sessionsRoutes } from './sessions.routes.js';
export { createSessionService, type SessionService } from './sessions.service.js';
export { createSessionStore } from './sessions.store.js';
export { csrfMatches } from './sessions.token.js';
