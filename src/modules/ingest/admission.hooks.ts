import { finished, Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceUnavailableError } from '../../lib/errors.js';
import type { Admission, Refusal, Ticket } from './admission.js';

/** A refused client may try again soon: the bound frees as fast as requests finish, well under a second. */
export const ADMISSION_RETRY_AFTER_SECONDS = 1;

const tickets = new WeakMap<FastifyRequest, Ticket>();

function bound({ limits, state }: Admission, reason: Refusal): string {
  if (reason === 'bytes') return `${limits.maxBytes.toLocaleString('en-US')} body bytes`;
  const { limit } = state();
  return limit < limits.maxRequests
    ? `${limit} requests, lowered from ${limits.maxRequests} to answer within ${limits.targetLatencyMs} ms`
    : `${limit} requests`;
}

function refusal(admission: Admission, reason: Refusal): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `Too much ingest in flight in this process (at most ${bound(admission, reason)}); nothing was stored. Retry after Retry-After seconds.`,
    ADMISSION_RETRY_AFTER_SECONDS,
  );
}

/**
 * Admits an ingest request before its body is read, on its declared Content-Length (0 when it has
 * none: its bytes are counted as they arrive), or throws the 503. The share is given back when the
 * response is closed, whether sent or cut off, unless the handler still holds it.
 */
export function admitIngest(admission: Admission, request: FastifyRequest, reply: FastifyReply): Ticket {
  const declared = Number(request.headers['content-length']);
  const ticket = admission.admit(Number.isFinite(declared) && declared > 0 ? declared : 0);
  if (typeof ticket === 'string') throw refusal(admission, ticket);
  tickets.set(request, ticket);
  reply.raw.once('close', ticket.release);
  return ticket;
}

/**
 * Keeps the request's share until the returned function is called: a client that hangs up while
 * its batch is being committed must not free a slot for more work than the bound allows.
 */
export function holdAdmission(request: FastifyRequest): () => void {
  return tickets.get(request)?.hold() ?? (() => undefined);
}

/**
 * Passes a (decoded) body through, counting its bytes against the bound; fails it with the 503
 * once they would pass it. Fastify checks Content-Length against the wire bytes, which a gzip
 * decoder reports as `receivedEncodedLength`: passed on, so the check still holds.
 */
export function countBytes(admission: Admission, body: Readable, ticket: Ticket): Readable {
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (ticket.receive(chunk.length)) callback(null, chunk);
      else callback(refusal(admission, 'bytes'));
    },
    flush(callback) {
      ticket.bodyReceived();
      callback();
    },
  });
  Object.defineProperty(counted, 'receivedEncodedLength', {
    get: () => (body as Readable & { receivedEncodedLength?: number }).receivedEncodedLength,
  });
  // An aborted upload or a corrupt gzip stream fails the counted stream too; the source is not
  // destroyed here, since destroying the request would also cut off the reply.
  finished(body, (err) => {
    if (err) counted.destroy(err);
  });
  counted.on('close', () => body.unpipe(counted));
  body.pipe(counted);
  return counted;
}
