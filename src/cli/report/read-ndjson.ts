import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileError } from './files.js';
import { inputErrorAt } from '../../stats/evaluation/decode/input-error.js';
import { decodeJsonRow, JsonValueError } from '../../stats/evaluation/decode/json-row.js';
import { locateJsonSyntaxError, locateJsonValue } from './json-location.js';
import type { RowReader } from './read-rows.js';

/**
 * Streams an NDJSON file (one JSON object per line, blank lines skipped) line by line.
 * Columns are 1-based characters: of the syntax error, or of the value that is wrong.
 */
export const readNdjson: RowReader = async (file, spec, onRow, onBytes) => {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const failure = new Promise<never>((_, reject) =>
    stream.on('error', (err) => reject(fileError(file, err))),
  );
  failure.catch(() => {});
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  const consume = async () => {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      onRow(decodeLine(file, lineNo, lineNo === 1 ? text.replace(/^\uFEFF/, '') : text, spec));
      if (lineNo % 1024 === 0) onBytes?.(stream.bytesRead);
    }
  };
  await Promise.race([consume(), failure]);
  onBytes?.(stream.bytesRead);
};

function decodeLine(file: string, line: number, text: string, spec: Parameters<RowReader>[1]) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const problem = locateJsonSyntaxError(text, (err as Error).message);
    throw inputErrorAt(file, line, problem.column, problem.message);
  }
  try {
    return decodeJsonRow(spec, json);
  } catch (err) {
    if (!(err instanceof JsonValueError)) throw err;
    const at = locateJsonValue(text, err.path);
    throw inputErrorAt(file, line, at?.column ?? 1, err.message);
  }
}
