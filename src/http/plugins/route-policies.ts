import type { FastifyInstance, RouteOptions } from 'fastify';
import { ACCESS, type Access } from './access.js';
import type { Scope } from './auth.js';

/** A route as the access rule sees it: what it requires and how it applies the rule. */
export interface RoutePolicy {
  method: string;
  url: string;
  scope: Scope | null;
  access: Access | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared policy, in registration order (HEAD routes included). */
    routePolicies(): RoutePolicy[];
  }
}

/** Why a route's declaration cannot be enforced; null when it can. */
export function policyProblem({ url, scope, access }: RoutePolicy): string | null {
  if (access === null || !Object.hasOwn(ACCESS, access)) {
    return `declares no access policy (config.access: ${Object.keys(ACCESS).join(' | ')})`;
  }
  // Public routes take no credential, session routes the caller's own cookie: neither names a scope.
  const scopeless = access === 'public' || access === 'session';
  if (scopeless !== (scope === null)) {
    return scopeless ? `is "${access}" but names a scope` : `is "${access}" but names no scope`;
  }
  if (url.includes(':modelId') !== (access === 'model')) {
    return access === 'model'
      ? 'is "model" but its path names no :modelId'
      : 'names :modelId but is not "model"';
  }
  return null;
}

/**
 * Records every route's declared policy, and refuses to start when one is missing or does not fit
 * its path: a new route cannot skip the access rule. Register it before any route.
 */
export function registerRoutePolicies(app: FastifyInstance): void {
  // The options objects themselves: a later onRoute hook (openapi.ts marks the docs UI public) may
  // still complete their config, so they are read once the app is ready.
  const routes: RouteOptions[] = [];
  const policies = () =>
    routes.flatMap((r) =>
      [r.method].flat().map((method) => ({
        method,
        url: r.url,
        scope: (r.config as { scope?: Scope } | undefined)?.scope ?? null,
        access: (r.config as { access?: Access } | undefined)?.access ?? null,
      })),
    );
  app.decorate('routePolicies', policies);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const problems = policies().flatMap((p) => {
      const problem = policyProblem(p);
      return problem ? [`${p.method} ${p.url} ${problem}`] : [];
    });
    if (problems.length > 0)
      throw new Error(`Routes without a usable access policy: ${problems.join('; ')}.`);
  });
}
