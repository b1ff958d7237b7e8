import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../lib/errors.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, type Problem } from '../../lib/problem.js';
import { isDatabaseUnavailable } from '../../lib/pg-errors.js';

type Location = NonNullable<FieldError['location']>;

/** Fastify's own errors that are the client's fault, mapped to a problem type and title. */
const FASTIFY_CLIENT_ERRORS: Record<string, { type: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { type: 'payload-too-large', title: 'Payload too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { type: 'malformed-request', title: 'Malformed request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { type: 'malformed-request', title: 'Malformed request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { type: 'malformed-request', title: 'Malformed request' },
  FST_ERR_CTP_EMPTY_TYPE: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_TYPE: { type: 'unsupported-media-type', title: 'Unsupported media type' },
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<Problem, 'instance' | 'requestId' | 'type'> & { type: string },
  retryAfterSeconds?: number,
): FastifyReply {
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  const body: Problem = {
    ...problem,
    type: problem.type.includes(':') ? problem.type : `${PROBLEM_TYPE_BASE}${problem.type}`,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
  };
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** A problem lists this many invalid fields; a body with 100,000 bad items would otherwise echo them all. */
export const MAX_LISTED_ERRORS = 100;

function validationErrors(error: FastifyError): FieldError[] {
  const location = (error.validationContext ?? 'body') as Location;
  return (error.validation ?? []).slice(0, MAX_LISTED_ERRORS).map((v) => ({
    pointer: v.instancePath === '/' ? '' : v.instancePath,
    message: v.message ?? 'is invalid',
    location,
  }));
}

export interface ErrorHandlerOptions {
  /**
   * Hands an error that says Postgres or Redis is unreachable to the process's dependency health,
   * which logs the outage once (lib/dependency-health.ts); each refused request is then not logged
   * again beyond its request line.
   */
  absorb: (err: unknown) => unknown;
}

/** One place renders every error as RFC 9457 problem+json; 5xx details are masked. */
export function registerErrorHandler(app: FastifyInstance, { absorb }: ErrorHandlerOptions): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.warn({ err: error }, error.message);
      return sendProblem(
        request,
        reply,
        {
          type: error.type,
          title: error.title,
          status: error.status,
          detail: error.message,
          errors: error.extra.errors,
        },
        error.extra.retryAfterSeconds,
      );
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const total = error.validation.length;
      const where = errors
        .slice(0, 5)
        .map((e) => `${e.location}${e.pointer}: ${e.message}`)
        .join('; ');
      const rest =
        total > 5
          ? ` (${total.toLocaleString('en-US')} invalid fields; errors[] lists the first ${errors.length})`
          : '';
      return sendProblem(request, reply, {
        type: 'validation-error',
        title: 'Invalid request',
        status: 400,
        detail: `The request is invalid: ${where}${rest}`,
        errors,
      });
    }
    if (isDatabaseUnavailable(error)) {
      if (!absorb(error)) request.log.error({ err: error }, 'database unavailable');
      return sendProblem(
        request,
        reply,
        {
          type: 'service-unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'The database is unavailable; nothing was stored. Retry later.',
        },
        5,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = FASTIFY_CLIENT_ERRORS[error.code] ?? { type: `http-${status}`, title: error.name };
      return sendProblem(request, reply, { ...known, status, detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    const retry = status === 503 ? Number(reply.getHeader('retry-after') ?? 5) : undefined;
    return sendProblem(
      request,
      reply,
      {
        type: status === 503 ? 'service-unavailable' : 'internal-error',
        title: status === 503 ? 'Service unavailable' : 'Internal server error',
        status: status >= 500 && status < 600 ? status : 500,
        detail: `The server could not complete the request; search the logs for request id ${request.id}.`,
      },
      retry,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      type: 'not-found',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}
