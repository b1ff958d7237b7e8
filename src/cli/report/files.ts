import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../../stats/evaluation/decode/input-error.js';

/** Turns the file-system errors a user can cause into one-line input errors. */
export function fileError(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`${file}: no such file`);
  if (code === 'EISDIR') return new InputError(`${file}: is a directory, not a file`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${file}: permission denied`);
  return err instanceof Error ? err : new Error(String(err));
}

/** The size of a file in bytes, or an InputError when it cannot be read. */
export async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return info.size;
  } catch (err) {
    throw fileError(file, err);
  }
}

/** A whole small file as UTF-8 text (the schema). */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw fileError(file, err);
  }
}
