import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertModelAccess, assertUnlimited, type Access } from './access.js';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../../lib/errors.js';
import type { AuthFailureLimiter } from './auth-failures.js';
import { hasScope, type Principal, type Scope } from '../../domain/principal.js';

export type Authenticate = (token: string) => Promise<Principal | null>;

export interface AuthOptions {
  authenticate: Authenticate;
  /** A token whose check costs no guess: the bootstrap key, or a key this replica has seen match. */
  isKnown: (token: string) => boolean;
  failures: AuthFailureLimiter;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; public routes name none (health, metrics, docs). */
    scope?: Scope;
    /** How the route applies the access rule (access.ts); every route declares one (route-policies.ts). */
    access?: Access;
  }
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

/**
 * An address past its failed authentications may still use keys this replica knows (a shared NAT
 * or proxy address must not lock out the clients behind it), but nothing that needs a lookup.
 */
function refuseGuessing(request: FastifyRequest, token: string | null, { isKnown, failures }: AuthOptions) {
  if (token && isKnown(token)) return;
  const waitMs = failures.waitMs(request.ip);
  if (waitMs > 0) {
    throw new TooManyRequestsError(
      'Too many requests without a valid API key from this address; retry after the Retry-After seconds.',
      Math.ceil(waitMs / 1000),
    );
  }
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const { scope, access } = request.routeOptions.config;
    if (!scope) return;
    const token = bearerToken(request);
    refuseGuessing(request, token, options);
    const principal = token ? await options.authenticate(token) : null;
    if (!principal) {
      options.failures.charge(request.ip);
      throw token
        ? new UnauthorizedError('The API key is not valid or has been revoked.')
        : new UnauthorizedError();
    }
    request.principal = principal;
    const route = `${request.method} ${request.routeOptions.url}`;
    // Before the scope: a limited key learns nothing about another model, even where it lacks the scope.
    if (access === 'model') assertModelAccess(principal, (request.params as { modelId: string }).modelId);
    if (!hasScope(principal, scope)) {
      throw new ForbiddenError(`This API key lacks the "${scope}" scope that ${route} requires.`);
    }
    if (access === 'fleet') assertUnlimited(principal, route);
  });
}
