import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Container } from './container.js';
import { ServiceUnavailableError, TooManyRequestsError } from './lib/errors.js';
import { registerAuth, bearerToken } from './http/plugins/auth.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './http/plugins/client-errors.js';
import { registerConsole } from './http/plugins/console.js';
import { registerErrorHandler } from './http/plugins/error-handler.js';
import { registerSafeText } from './http/plugins/safe-text.js';
import { registerHealth } from './http/plugins/health.js';
import { registerHttpMetrics } from './http/plugins/http-metrics.js';
import { registerOpenApi } from './http/plugins/openapi.js';
import { registerRoutePolicies } from './http/plugins/route-policies.js';
import { keyId } from './modules/keys/index.js';
import { registerRoutes } from './modules/routes.js';

/** Builds the HTTP application from a container. It never listens: main-api.ts and tests decide that. */
export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify({
    // One logger per process: request lines and the container's go through the same redaction,
    // level and destination (and a test can read them all).
    loggerInstance: container.log as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    // Errors found before a route runs are problem+json too (client-errors.ts).
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A hop count trusts that many proxies nearest the server, as Express and proxy-addr count them.
    trustProxy:
      typeof config.TRUST_PROXY === 'number'
        ? (_address: string, hop: number) => hop < (config.TRUST_PROXY as number)
        : config.TRUST_PROXY,
    // Node checks these every connectionsCheckingInterval (30 s by default), which would let a
    // 1 s timeout take 31 s; Fastify's own default (0) turns Node's request timeout off.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1_000, config.HEADERS_TIMEOUT_MS),
    },
  });
  // First, so that it sees every route: one without a declared access policy stops the start.
  registerRoutePolicies(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { absorb: container.dependencies.absorb });
  registerSafeText(app);

  // Load shedding first, so an overloaded process refuses work before spending anything on it.
  await app.register(underPressure, {
    maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: container.limits.maxHeapUsedBytes,
    retryAfter: 5,
    exposeStatusRoute: false,
    // Thrown, so the error handler renders it as problem+json with Retry-After.
    pressureHandler: async (_request, _reply, type) => {
      throw new ServiceUnavailableError(`The server is overloaded (${type}); retry later.`, 5);
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Per key where a well-formed one is sent (its public id), else per client address. Keys that
    // fail to authenticate are limited per address by the auth hook (auth-failures.ts).
    keyGenerator: (request) => {
      const id = keyId(bearerToken(request) ?? '');
      return id ? `key:${id}` : `ip:${request.ip}`;
    },
    allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.routeOptions.url ?? ''),
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(
        `More than ${context.max} requests in ${context.after}; retry after the Retry-After seconds.`,
        Math.max(1, Math.ceil(context.ttl / 1000)),
      ),
  });

  // Parses the console's session cookie (http/plugins/session-cookie.ts); no signing: the cookie's
  // value is a random secret the server looks up by its hash.
  await app.register(cookie);
  await registerOpenApi(app);
  registerHttpMetrics(app, container.metrics);
  registerHealth(app, container.readiness);
  // Read at request time, so a test may wrap container.authenticate after building the container.
  registerAuth(app, {
    authenticate: (token) => container.authenticate(token),
    isKnown: (token) => container.isKnownKey(token),
    failures: container.authFailures,
    sessions: container.sessionAuth,
  });
  await app.register(registerRoutes, { container });
  await registerConsole(app);
  return app;
}
