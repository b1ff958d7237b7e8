import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError, type FieldError } from '../../lib/errors.js';
import { isStorableText } from '../../lib/text.js';
import { MAX_LISTED_ERRORS } from './error-handler.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks the text of each item of its body itself (ingest: per event). */
    textCheckedPerItem?: boolean;
  }
}

/**
 * Text the service stores must be text Postgres can hold and read back as sent: no NUL (Postgres
 * text cannot hold it) and no lone surrogate (UTF-8 cannot encode it; it would be stored as
 * U+FFFD). One check for every route, before schema validation, over the path parameters, the
 * query string and a JSON body, keys included: a 400 whose errors[] points at each such field.
 * Ingest bodies are checked event by event instead (a bad event is rejected, not the batch).
 */

const reason = (text: string) =>
  text.includes('\u0000')
    ? 'contains a NUL character'
    : 'contains a lone UTF-16 surrogate (not Unicode text)';

/** JSON pointer segment (RFC 6901). */
const segment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every unsafe string under `value`, keys included, as field errors (at most MAX_LISTED_ERRORS). */
export function unsafeText(
  value: unknown,
  location: FieldError['location'],
  errors: FieldError[] = [],
  pointer = '',
): FieldError[] {
  if (errors.length >= MAX_LISTED_ERRORS) return errors;
  if (typeof value === 'string') {
    if (!isStorableText(value)) errors.push({ pointer, message: reason(value), location });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unsafeText(item, location, errors, `${pointer}/${i}`));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${segment(key)}`;
      if (!isStorableText(key)) errors.push({ pointer: at, message: `its name ${reason(key)}`, location });
      unsafeText(item, location, errors, at);
    }
  }
  return errors;
}

/** Parsed JSON and parsed query strings; a Buffer or a stream (a raw body) is not walked. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/**
 * Query parameters whose percent-encoding is not UTF-8 (%ED%A0%80, a lone surrogate's bytes):
 * the query parser keeps them as the raw text, which would then pass as a value nobody sent.
 */
function undecodableQuery(url: string): FieldError[] {
  const query = url.split('?')[1];
  if (query === undefined || !query.includes('%')) return [];
  return query.split('&').flatMap((pair) => {
    const name = pair.split('=')[0]!;
    try {
      decodeURIComponent(pair.replaceAll('+', ' '));
      return [];
    } catch {
      const shown = name.includes('%') ? '' : `/${segment(name)}`;
      return [
        { pointer: shown, message: 'is not valid percent-encoded UTF-8', location: 'querystring' as const },
      ];
    }
  });
}

function check(request: FastifyRequest): void {
  const errors = unsafeText(request.params, 'params', undecodableQuery(request.url));
  unsafeText(request.query, 'querystring', errors);
  if (!request.routeOptions.config.textCheckedPerItem) unsafeText(request.body, 'body', errors);
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new ValidationError(
    `The request holds text Postgres cannot store as sent: ${first.location}${first.pointer} ${first.message}` +
      (errors.length > 1 ? ` (and ${errors.length - 1} more; see errors[])` : ''),
    errors,
  );
}

export function registerSafeText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => check(request));
}
