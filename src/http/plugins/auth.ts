import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';

export const SCOPES = ['admin', 'read', 'ingest'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: resolved from the bearer key on every route that names a scope. */
export interface Principal {
  keyId: string;
  scopes: readonly Scope[];
  /** The models this key may see; null for every model. */
  modelIds: readonly string[] | null;
}

export type Authenticate = (token: string) => Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; routes without one are open (health, metrics, docs). */
    scope?: Scope;
  }
}

/** An admin key may do everything a read or ingest key may. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope) || principal.scopes.includes('admin');
}

export function canSeeModel(principal: Principal, modelId: string): boolean {
  return principal.modelIds === null || principal.modelIds.includes(modelId);
}

/** A key limited to some models gets 404 for the others, so it cannot learn that they exist. */
export function assertModelAccess(principal: Principal | null, modelId: string): void {
  if (principal && !canSeeModel(principal, modelId)) throw new NotFoundError(`Model "${modelId}" not found.`);
}

/** The caller of a route that names a scope; the auth hook has resolved it before the handler runs. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function registerAuth(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedError();
    const principal = await authenticate(token);
    if (!principal) throw new UnauthorizedError('The API key is not valid or has been revoked.');
    request.principal = principal;
    const modelId = (request.params as { modelId?: unknown } | undefined)?.modelId;
    if (typeof modelId === 'string') assertModelAccess(principal, modelId);
    if (!hasScope(principal, scope)) {
      throw new ForbiddenError(
        `This API key lacks the "${scope}" scope that ${request.method} ${request.routeOptions.url} requires.`,
      );
    }
  });
}
