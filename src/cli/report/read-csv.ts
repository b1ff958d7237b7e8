import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { fileError } from './files.js';
import { inputErrorAt, InputError } from '../../stats/evaluation/decode/input-error.js';
import {
  CsvCellError,
  csvLayout,
  decodeCsvRecord,
  type CsvLayout,
} from '../../stats/evaluation/decode/csv-row.js';
import type { RowReader } from './read-rows.js';

/**
 * Streams a CSV file with a header row through csv-parse, one record at a time, so memory
 * stays bounded whatever the file's size. Line numbers are csv-parse's (the line where a
 * record ends; a record only spans lines when a quoted field holds a line break); columns
 * are 1-based field numbers.
 */
export const readCsv: RowReader = async (file, spec, onRow, onBytes) => {
  const stream = createReadStream(file);
  const parser = stream.pipe(parse({ info: true, bom: true, skip_empty_lines: true }));
  stream.on('error', (err) => parser.destroy(fileError(file, err)));
  let layout: CsvLayout | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (layout === null) layout = csvLayout(spec, record, file);
      else onRow(decodeRow(layout, record, file, info.lines));
      onBytes?.(stream.bytesRead);
    }
  } catch (err) {
    throw err instanceof CsvError ? csvSyntaxError(file, err) : err;
  }
  if (layout === null) throw new InputError(`${file}: empty file (a header row is needed)`);
};

function decodeRow(layout: CsvLayout, record: string[], file: string, line: number) {
  try {
    return decodeCsvRecord(layout, record);
  } catch (err) {
    if (err instanceof CsvCellError) throw inputErrorAt(file, line, err.field + 1, err.message);
    throw err;
  }
}

/** csv-parse's errors, reworded to one short line with csv-parse's line and field. */
function csvSyntaxError(file: string, err: CsvError): InputError {
  const line = typeof err.lines === 'number' ? err.lines : null;
  const field = typeof err.index === 'number' ? err.index + 1 : null;
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return inputErrorAt(file, line, null, fieldCountMessage(err));
    case 'CSV_INVALID_CLOSING_QUOTE':
      return inputErrorAt(file, line, field, 'unexpected character after a closing quote');
    case 'INVALID_OPENING_QUOTE':
      return inputErrorAt(file, line, field, 'a quote inside an unquoted field');
    case 'CSV_QUOTE_NOT_CLOSED':
      return inputErrorAt(file, line, field, 'a quoted field is not closed before the end of the file');
    default:
      return inputErrorAt(file, line, null, err.message);
  }
}

function fieldCountMessage(err: CsvError): string {
  const found = /expect (\d+), got (\d+)/.exec(err.message);
  return found
    ? `expected ${found[1]} fields as in the header, got ${found[2]}`
    : 'not as many fields as the header';
}
