import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateKeyEntry } from './keyring.js';

export interface KeyFile {
  /** The file's keyring text (`id:base64`). */
  text: string;
  /** This call created the file. */
  created: boolean;
  /** Group or others may read the file (it should be 0600). */
  readableByOthers: boolean;
}

/**
 * Reads the key file, or creates it with one new key, mode 0600, in a directory created 0700.
 * Processes starting together (API and worker) agree on one key: the file appears whole, by a
 * hard link from a private temporary file, and a process that loses the race reads the winner's.
 */
export function readOrCreateKeyFile(path: string): KeyFile {
  try {
    return read(path, false);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.secrets-key-${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(temporary, `${generateKeyEntry()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return read(path, true);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return read(path, false);
  } finally {
    unlinkSync(temporary);
  }
}

function read(path: string, created: boolean): KeyFile {
  const text = readFileSync(path, 'utf8').trim();
  return { text, created, readableByOthers: (statSync(path).mode & 0o077) !== 0 };
}
