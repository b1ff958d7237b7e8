import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ModelSpec } from '../../domain/model-spec.js';
import { fileError } from './files.js';
import { readCsv } from './read-csv.js';
import { readNdjson } from './read-ndjson.js';
import type { TypedRow } from '../../stats/core/typed-row.js';

/** Streams a file's rows to `onRow`, reporting bytes read so far to `onBytes`. */
export type RowReader = (
  file: string,
  spec: ModelSpec,
  onRow: (row: TypedRow) => void,
  onBytes?: (bytesRead: number) => void,
) => Promise<void>;

export type InputFormat = 'csv' | 'ndjson';

/** By extension (.csv; .ndjson, .jsonl, .json); otherwise a file whose first character is `{` is NDJSON. */
export async function detectFormat(file: string): Promise<InputFormat> {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') return 'ndjson';
  const head = await firstBytes(file, 512);
  return /^\uFEFF?\s*\{/.test(head) ? 'ndjson' : 'csv';
}

export async function readRows(
  file: string,
  spec: ModelSpec,
  onRow: (row: TypedRow) => void,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  const read = (await detectFormat(file)) === 'csv' ? readCsv : readNdjson;
  await read(file, spec, onRow, onBytes);
}

async function firstBytes(file: string, n: number): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(n), 0, n, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw fileError(file, err);
  }
}
