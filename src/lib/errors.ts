/**
 * Typed errors thrown where the problem is found and rendered once, by the HTTP error handler,
 * as RFC 9457 problem details. `type` is a stable URI reference documented in openapi.yaml.
 */

export interface FieldError {
  /** JSON pointer (RFC 6901) into the part of the request named by `location`. */
  pointer: string;
  message: string;
  location?: 'body' | 'querystring' | 'params' | 'headers';
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'validation-error', 'Invalid request', detail, { errors });
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid API key is required: send "Authorization: Bearer <key>".') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  /** `errors` points at what named the missing thing, where that is a field (a path parameter). */
  constructor(detail: string, errors?: FieldError[]) {
    super(404, 'not-found', 'Not found', detail, errors ? { errors } : {});
  }
}

/** The body cannot be read at all (not JSON, a corrupt gzip stream, a bad NDJSON line): nothing was stored. */
export class MalformedRequestError extends AppError {
  constructor(detail: string) {
    super(400, 'malformed-request', 'Malformed request', detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(detail: string) {
    super(413, 'payload-too-large', 'Payload too large', detail);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string, retryAfterSeconds = 5) {
    super(503, 'service-unavailable', 'Service unavailable', detail, { retryAfterSeconds });
  }
}

/** Escapes one path segment for a JSON pointer (RFC 6901: ~ → ~0, / → ~1). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function jsonPointer(path: readonly (string | number | symbol)[]): string {
  return path.map((s) => `/${pointerSegment(typeof s === 'symbol' ? String(s) : s)}`).join('');
}
