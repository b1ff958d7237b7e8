import type { ModelSpec } from '../../domain/model-spec.js';
import type { TypedRow } from '../../stats/core/typed-row.js';
import { fileSize } from './files.js';
import { createProgress } from './progress.js';
import { readRows } from './read-rows.js';

/** Streams every row of a file into `onRow`, with a progress bar on a terminal. */
export async function foldFile(
  label: string,
  file: string,
  spec: ModelSpec,
  onRow: (row: TypedRow) => void,
): Promise<void> {
  const progress = createProgress(label, await fileSize(file));
  await readRows(file, spec, onRow, (bytes) => progress.update(bytes));
  progress.done();
}
