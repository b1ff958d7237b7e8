import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../../lib/problem.js';
import { sendProblem } from './error-handler.js';

/**
 * The errors answered before any route runs, as problem+json like every other (issue 8): those
 * Fastify finds while routing (`frameworkErrors`: a URL that is not valid percent-encoding, a path
 * parameter over maxParamLength), and those Node's HTTP parser finds (`clientErrorHandler`: a
 * request line that is not HTTP, headers over the 16 KiB Node reads, a request that did not
 * arrive within HEADERS_TIMEOUT_MS / REQUEST_TIMEOUT_MS). Fastify's own answers were
 * application/json.
 */

const quoted = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** Fastify's `frameworkErrors` option. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.raw.url?.split('?')[0] ?? '';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(request, reply, {
      type: 'uri-too-long',
      title: 'URI too long',
      status: 414,
      detail: `A path segment of the URL is longer than the ${MAX_PARAM_LENGTH} characters any identifier can have.`,
    });
    return;
  }
  void sendProblem(request, reply, {
    type: 'malformed-request',
    title: 'Malformed request',
    status: error.statusCode ?? 400,
    detail:
      error.code === 'FST_ERR_BAD_URL'
        ? `The URL ${quoted(path)} is not valid percent-encoding (RFC 3986).`
        : error.message,
  });
}

/** The longest path parameter the router matches (Fastify's maxParamLength). */
export const MAX_PARAM_LENGTH = 200;

/** Fastify's `clientErrorHandler` option: writes the problem on the socket, then closes it. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A connection reset leaves nobody to answer (Node's documentation of 'clientError').
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, type, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'request-timeout',
          'The request did not arrive in time (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS).',
        ]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers-too-large', 'The request line and headers exceed the 16 KiB the server reads.']
        : [400, 'malformed-request', `The request is not valid HTTP/1.1 (${err.code ?? err.message}).`];
  const title = STATUS_CODES[status]!;
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${type}`, title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
