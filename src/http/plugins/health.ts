import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponse } from '../../lib/problem.js';

export interface Readiness {
  /** Set when shutdown begins, so load balancers stop sending traffic before intake stops. */
  isShuttingDown(): boolean;
  checks: Record<string, () => Promise<unknown>>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Liveness must not fail because the process sheds load: an overloaded pod is busy, not dead. Nor
 * readiness: when every replica is busy, failing it would take them all out of the load balancer.
 */
export const EXEMPT_FROM_LOAD_SHEDDING = { pressureHandler: () => undefined };

async function runCheck(check: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => 'ok' as const), timeout]);
  } catch (err) {
    return (err as Error).message || 'failed';
  } finally {
    clearTimeout(timer);
  }
}

const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()),
});

/**
 * Health routes never refuse a request of their own, but a request the server cannot read at all
 * (a malformed request line, headers or URL too long) is answered before any route runs
 * (client-errors.ts): every route, these included, can answer it.
 */
const unreadable = {
  '4XX': problemResponse(
    'The request cannot be read: a malformed request line, or a URL or headers too long',
  ),
};

export function registerHealth(app: FastifyInstance, readiness: Readiness): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    {
      config: { ...EXEMPT_FROM_LOAD_SHEDDING, access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: z.object({ status: z.literal('ok') }), ...unreadable },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  typed.get(
    '/readyz',
    {
      config: { ...EXEMPT_FROM_LOAD_SHEDDING, access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Postgres and Redis are reachable and the process is not shutting down',
        response: { 200: readySchema, 503: readySchema, ...unreadable },
      },
    },
    async (_request, reply) => {
      const names = Object.keys(readiness.checks);
      const results = await Promise.all(names.map((n) => runCheck(readiness.checks[n]!)));
      const checks: Record<string, string> = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
      if (readiness.isShuttingDown()) checks.shutdown = 'shutting down';
      const ready = Object.values(checks).every((v) => v === 'ok');
      if (!ready) void reply.code(503).header('retry-after', '5');
      return { status: ready ? ('ready' as const) : ('not_ready' as const), checks };
    },
  );
}
