import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.js';
import { bodyFormat, decodeBody } from '../../../src/modules/ingest/ingest.decode.js';
import { ndjsonLines, parseNdjsonLine } from '../../../src/modules/ingest/ingest.ndjson.js';

// Expected values are constructed by the tests themselves (line splits, byte counts).

async function lines(chunks: (string | Buffer)[], maxBytes = 1_000_000) {
  const out: { index: number; text: string }[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks), maxBytes)) out.push(line);
  return out;
}

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('ndjsonLines', () => {
  it('splits across chunk boundaries, keeps UTF-8 intact, skips blank lines but keeps their numbers', async () => {
    const euro = Buffer.from('{"c":"€"}\n', 'utf8');
    const result = await lines([
      '{"a":1}\r\n\n{"b"',
      ':2}\n',
      euro.subarray(0, 7),
      euro.subarray(7),
      '{"d":4}',
    ]);
    expect(result).toEqual([
      { index: 0, text: '{"a":1}' },
      { index: 2, text: '{"b":2}' },
      { index: 3, text: '{"c":"€"}' },
      { index: 4, text: '{"d":4}' },
    ]);
  });

  it('fails with 413 once more bytes than the limit arrive', async () => {
    const error = await lines(['{"a":1}\n'.repeat(10)], 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(413);
  });

  it('names the line of invalid JSON, 1-based, with its 0-based index', () => {
    expect(() => parseNdjsonLine({ index: 6, text: '{"a":' })).toThrow(
      /Line 7 \(index 6\) is not valid JSON/,
    );
  });
});

describe('decodeBody', () => {
  it('inflates gzip and reports the encoded length Fastify compares with Content-Length', async () => {
    const body = Buffer.from('{"events":[]}'.repeat(100));
    const zipped = gzipSync(body);
    const stream = decodeBody(Readable.from([zipped]), 'gzip', 1_000_000) as Readable & {
      receivedEncodedLength: number;
    };
    expect((await drain(stream)).equals(body)).toBe(true);
    expect(stream.receivedEncodedLength).toBe(zipped.length);
  });

  it('stops a gzip bomb at the decompressed limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)); // 16 MiB of spaces, ~16 KiB zipped
    const error = await drain(decodeBody(Readable.from([bomb]), 'gzip', 1024 * 1024)).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).status).toBe(413);
  });

  it('reports a corrupt gzip stream as a malformed request', async () => {
    const error = await drain(
      decodeBody(Readable.from([Buffer.from('not gzip at all')]), 'gzip', 1000),
    ).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/gzip body is corrupt/);
  });

  it('refuses encodings other than gzip and identity with 415', () => {
    expect(() => decodeBody(Readable.from([]), 'br', 1000)).toThrow(/"br" is not supported/);
  });
});

describe('bodyFormat', () => {
  it('accepts JSON and NDJSON with parameters and refuses the rest with 415', () => {
    expect(bodyFormat('application/json; charset=utf-8')).toBe('json');
    expect(bodyFormat('Application/X-NDJSON')).toBe('ndjson');
    expect(() => bodyFormat('text/csv')).toThrow(AppError);
    expect(() => bodyFormat(undefined)).toThrow(/not "\(none\)"/);
  });
});
