import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MalformedRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../lib/errors.js';

export type BodyFormat = 'json' | 'ndjson';

export const JSON_TYPES = ['application/json'];
export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];

/** The body format named by a Content-Type header; anything else is a 415 before a byte is read. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPES.includes(essence)) return 'json';
  if (NDJSON_TYPES.includes(essence)) return 'ndjson';
  throw new UnsupportedMediaTypeError(
    `Send the events as application/json ({ "events": [...] }) or application/x-ndjson (one event a line), not "${essence || '(none)'}".`,
  );
}

/** A stream that fails with 413 once more than `maxBytes` have passed through it. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        callback(new PayloadTooLargeError(`The decompressed body exceeds ${maxBytes} bytes.`));
      } else {
        callback(null, chunk);
      }
    },
  });
}

/** What Fastify reads for Content-Length checks: the bytes received on the wire, before decompression. */
type Decoded = Readable & { receivedEncodedLength: number };

/**
 * Undoes Content-Encoding. A gzip body is inflated as it streams, and the inflated bytes count
 * against the same limit as a plain body, so a small gzip bomb gets a 413, not the heap.
 */
export function decodeBody(
  payload: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Readable {
  const encoding = contentEncoding?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new UnsupportedMediaTypeError(
      `Content-Encoding "${encoding}" is not supported; send gzip or no encoding.`,
    );
  }
  const gunzip = createGunzip();
  const limited = byteLimit(maxBytes) as Transform & Decoded;
  limited.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    limited.receivedEncodedLength += chunk.length;
  });
  gunzip.on('error', (err) => {
    limited.destroy(new MalformedRequestError(`The gzip body is corrupt: ${err.message}`));
  });
  payload.on('error', (err) => limited.destroy(err));
  limited.on('close', () => {
    // Stop inflating as soon as the reader gives up (a 413, a bad line): no work for a dead request.
    payload.unpipe(gunzip);
    gunzip.destroy();
  });
  payload.pipe(gunzip).pipe(limited);
  return limited;
}
