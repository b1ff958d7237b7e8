import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InputError } from '../../stats/evaluation/decode/input-error.js';
import {
  CsvCellError,
  csvLayout,
  decodeCsvRecord,
  type CsvLayout,
} from '../../stats/evaluation/decode/csv-row.js';
import { decodeJsonRow, JsonValueError } from '../../stats/evaluation/decode/json-row.js';
import {
  jsonPointer,
  MalformedRequestError,
  PayloadTooLargeError,
  ValidationError,
} from '../../lib/errors.js';
import type { TypedRow } from '../../stats/core/typed-row.js';
import { ndjsonLines, parseNdjsonLine } from '../ingest/index.js';
import type { ModelSpec } from '../../domain/model-spec.js';

/**
 * Reference rows from a request body, typed by the model's spec with the same decoders as
 * `modelwatch report` (src/stats/evaluation/decode), so a file gives the same reference whether it is
 * uploaded here or given to the report. A bad value is a 400 naming the row and the field.
 */

function invalidRow(index: number, path: readonly (string | number)[], message: string): ValidationError {
  const pointer = jsonPointer(['rows', index, ...path]);
  return new ValidationError(`Row ${index} is invalid: ${message}.`, [
    { pointer, message, location: 'body' },
  ]);
}

function decodeAt(spec: ModelSpec, row: unknown, index: number): TypedRow {
  try {
    return decodeJsonRow(spec, row);
  } catch (err) {
    if (err instanceof JsonValueError) throw invalidRow(index, err.path, err.message);
    throw err;
  }
}

/** `{ "rows": [...] }`, already parsed. */
export function* jsonRows(spec: ModelSpec, rows: readonly unknown[]): Generator<TypedRow> {
  for (let i = 0; i < rows.length; i++) yield decodeAt(spec, rows[i], i);
}

/** One row a line; `index` in errors is the 0-based line, as for NDJSON ingest. */
export async function* ndjsonRows(
  spec: ModelSpec,
  body: Readable,
  maxBytes: number,
): AsyncGenerator<TypedRow> {
  for await (const line of ndjsonLines(body, maxBytes))
    yield decodeAt(spec, parseNdjsonLine(line), line.index);
}

/** A header row, then one row per record; `index` in errors counts data records from 0. */
export async function* csvRows(spec: ModelSpec, body: Readable, maxBytes: number): AsyncGenerator<TypedRow> {
  let received = 0;
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes)
      body.destroy(new PayloadTooLargeError(`The CSV body exceeds ${maxBytes} bytes.`));
  });
  const parser = body.pipe(parse({ bom: true, skip_empty_lines: true, info: true }));
  body.on('error', (err) => parser.destroy(err));
  let layout: CsvLayout | null = null;
  let header: string[] = [];
  let index = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (layout === null) {
        header = record;
        layout = csvLayout(spec, record, 'CSV header');
        continue;
      }
      try {
        yield decodeCsvRecord(layout, record);
      } catch (err) {
        if (!(err instanceof CsvCellError)) throw err;
        const column = header[err.field] ?? String(err.field);
        throw invalidRow(index, [column], `line ${info.lines}: ${err.message}`);
      }
      index++;
    }
  } catch (err) {
    if (err instanceof InputError) throw new ValidationError(err.message);
    if (err instanceof CsvError)
      throw new MalformedRequestError(`The CSV body cannot be read: ${err.message}`);
    throw err;
  }
  if (layout === null) throw new ValidationError('The CSV body is empty: a header row is needed.');
}
