import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertModelAccess, assertUnlimited, type Access } from './access.js';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../../lib/errors.js';
import type { AuthFailureLimiter } from './auth-failures.js';
import { csrfHeader, sessionSecret, STATE_CHANGING } from './session-cookie.js';

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

/** A console session a `mw_session` cookie opened (modules/sessions). */
export interface ConsoleSession {
  id: string;
  expiresAt: string;
}

export interface SessionAuth {
  /** The live session the cookie's value opens, acting as its key as the key is now; null when none. */
  authenticate(secret: string): Promise<{ principal: Principal; session: ConsoleSession } | null>;
  /** Whether `token` is a CSRF token of the session whose cookie holds `secret` (constant time). */
  csrfMatches(secret: string, token: string | undefined): boolean;
}

export interface AuthOptions {
  authenticate: Authenticate;
  /** A token whose check costs no guess: the bootstrap key, or a key this replica has seen match. */
  isKnown: (token: string) => boolean;
  failures: AuthFailureLimiter;
  sessions: SessionAuth;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The console session the request came with, when it was authenticated by its cookie. */
    consoleSession: ConsoleSession | null;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; public routes name none (health, metrics, docs). */
    scope?: Scope;
    /** How the route applies the access rule (access.ts); every route declares one (route-policies.ts). */
    access?: Access;
  }
}

/** An admin key may do everything a read or ingest key may. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope) || principal.scopes.includes('admin');
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
export function refuseGuessing(
  request: FastifyRequest,
  token: string | null,
  { isKnown, failures }: Pick<AuthOptions, 'isKnown' | 'failures'>,
): void {
  if (token && isKnown(token)) return;
  const waitMs = failures.waitMs(request.ip);
  if (waitMs > 0) {
    throw new TooManyRequestsError(
      'Too many requests without a valid API key from this address; retry after the Retry-After seconds.',
      Math.ceil(waitMs / 1000),
    );
  }
}

const CSRF_REQUIRED =
  'This request was authenticated by the session cookie: a POST, PUT, PATCH or DELETE needs the ' +
  "session's CSRF token in the X-CSRF-Token header (from POST /v1/sessions or GET /v1/sessions/current).";

/** The session the cookie opens; state-changing requests must also prove they read its CSRF token. */
async function sessionCaller(request: FastifyRequest, secret: string, options: AuthOptions) {
  const opened = await options.sessions.authenticate(secret);
  if (!opened) {
    options.failures.charge(request.ip);
    throw new UnauthorizedError(
      'The session has expired or been revoked: sign in again (POST /v1/sessions).',
    );
  }
  if (STATE_CHANGING.has(request.method) && !options.sessions.csrfMatches(secret, csrfHeader(request))) {
    throw new ForbiddenError(CSRF_REQUIRED);
  }
  request.consoleSession = opened.session;
  return opened.principal;
}

/**
 * Who is calling: a bearer key (which wins when both are sent), else the session cookie. Routes
 * about the caller's own session (`access: 'session'`) take the cookie only.
 */
async function caller(request: FastifyRequest, access: Access | undefined, options: AuthOptions) {
  const token = access === 'session' ? null : bearerToken(request);
  const secret = token ? null : sessionSecret(request);
  refuseGuessing(request, token, options);
  if (secret) return sessionCaller(request, secret, options);
  const principal = token ? await options.authenticate(token) : null;
  if (principal) return principal;
  options.failures.charge(request.ip);
  if (token) throw new UnauthorizedError('The API key is not valid or has been revoked.');
  throw access === 'session'
    ? new UnauthorizedError('No console session: sign in first (POST /v1/sessions).')
    : new UnauthorizedError();
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('consoleSession', null);
  app.addHook('onRequest', async (request) => {
    const { scope, access } = request.routeOptions.config;
    if (!scope && access !== 'session') return;
    const principal = await caller(request, access, options);
    request.principal = principal;
    if (!scope) return;
    const route = `${request.method} ${request.routeOptions.url}`;
    // Before the scope: a limited key learns nothing about another model, even where it lacks the scope.
    if (access === 'model') assertModelAccess(principal, (request.params as { modelId: string }).modelId);
    if (!hasScope(principal, scope)) {
      throw new ForbiddenError(`This API key lacks the "${scope}" scope that ${route} requires.`);
    }
    if (access === 'fleet') assertUnlimited(principal, route);
  });
}
