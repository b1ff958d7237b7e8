import secureJson from 'secure-json-parse';
import { AppError, MalformedRequestError, PayloadTooLargeError } from '../../lib/errors.js';

export interface NdjsonLine {
  /** 0-based line number: the `index` of the event in the reply and in its JSON pointer. */
  index: number;
  text: string;
}

const NEWLINE = 0x0a;

function decodeLine(parts: Buffer[], index: number): NdjsonLine {
  let text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (index === 0 && text.startsWith('\uFEFF')) text = text.slice(1);
  return { index, text };
}

/**
 * Splits a byte stream into lines as it arrives, never holding more than one line and one chunk.
 * Splitting bytes on "\n" is safe for UTF-8 (the byte never occurs inside a multi-byte character).
 * Blank lines are skipped but keep their number, so indexes always match the client's line numbers.
 */
export async function* ndjsonLines(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let index = 0;
  let received = 0;
  try {
    for await (const raw of stream) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
      received += chunk.length;
      if (received > maxBytes) {
        throw new PayloadTooLargeError(`The NDJSON body exceeds ${maxBytes} bytes (decompressed).`);
      }
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        pending.push(chunk.subarray(start, nl));
        const line = decodeLine(pending, index++);
        if (line.text.trim() !== '') yield line;
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new MalformedRequestError(`The request body could not be read: ${(err as Error).message}`);
  }
  if (pending.length > 0) {
    const line = decodeLine(pending, index);
    if (line.text.trim() !== '') yield line;
  }
}

/**
 * Parses one line; a line that is not JSON makes the whole request unreadable (400, nothing stored).
 * As Fastify's JSON body parser does (secure-json-parse, which it uses), a `__proto__` key or a
 * `constructor.prototype` is refused: NDJSON must not admit what a JSON body cannot.
 */
export function parseNdjsonLine(line: NdjsonLine): unknown {
  try {
    return secureJson.parse(line.text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw new MalformedRequestError(
      `Line ${line.index + 1} (index ${line.index}) is not valid JSON: ${(err as Error).message}`,
    );
  }
}
