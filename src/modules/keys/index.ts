/**
 * The keys module's entry: API keys and resolving a bearer token to a principal. Other modules,
 * http/, jobs/, cli/ and the composition root import from here only; files inside the module
 * import each other directly (eslint.config.js, docs/architecture.md#modules).
 */
export { BOOTSTRAP_PRINCIPAL, createKeyAuthenticator } from './keys.auth.js';
export { keysRoutes } from './keys.routes.js';
export { createKeyBodySchema, keyIdSchema, type ApiKey } from './keys.schemas.js';
export { createKeyService, type KeyService } from './keys.service.js';
export { createKeyStore, keysWithin } from './keys.store.js';
export { keyId } from './keys.token.js';
