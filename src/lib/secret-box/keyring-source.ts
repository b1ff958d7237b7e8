import { fileURLToPath } from 'node:url';
import { readOrCreateKeyFile } from './key-file.js';
import { KeyringFormatError, parseKeyring, type Keyring } from './keyring.js';

/** The two pino methods used, so that anything logging object-first will do. */
export interface KeyringLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface KeyringSource {
  /** SECRETS_KEY, when set: it wins over any key file. */
  secretsKey: string | undefined;
  /** SECRETS_KEY_FILE, when set: a file the operator chose (shared by replicas, kept in a volume). */
  keyFile: string | undefined;
  /** Where the development key lives when neither is set. Default: DEFAULT_KEY_FILE. */
  defaultKeyFile?: string;
  log: KeyringLog;
}

/** `.data/secrets.key` in the project, beside the embedded Postgres (git ignores `.data/`). */
export const DEFAULT_KEY_FILE = fileURLToPath(new URL('../../../.data/secrets.key', import.meta.url));

/**
 * The keyring from SECRETS_KEY, else from a key file, created on first use. Says once which one
 * is used, and warns when a key file was created now or is readable by others.
 */
export function loadKeyring({
  secretsKey,
  keyFile,
  defaultKeyFile = DEFAULT_KEY_FILE,
  log,
}: KeyringSource): Keyring {
  if (secretsKey !== undefined) {
    const ring = parseKeyring(secretsKey);
    log.info(
      { keyId: ring.currentId, keyIds: ring.ids },
      `secrets at rest: sealing with key "${ring.currentId}" from SECRETS_KEY`,
    );
    return ring;
  }
  const path = keyFile ?? defaultKeyFile;
  const file = readOrCreateKeyFile(path);
  let ring: Keyring;
  try {
    ring = parseKeyring(file.text);
  } catch (err) {
    if (err instanceof KeyringFormatError) throw new KeyringFormatError(`key file ${path}: ${err.message}`);
    throw err;
  }
  const line = keyFile
    ? `secrets at rest: sealing with key "${ring.currentId}" from SECRETS_KEY_FILE ${path}${file.created ? ' (created now)' : ''}`
    : `secrets at rest: no SECRETS_KEY, so sealing with the development key "${ring.currentId}" in ${path}` +
      `${file.created ? ' (created now)' : ''}; set SECRETS_KEY in production (docs/secrets.md)`;
  (file.created ? log.warn : log.info).call(log, { keyId: ring.currentId, keyFile: path }, line);
  if (file.readableByOthers)
    log.warn({ keyFile: path }, `secrets at rest: ${path} is readable by others; chmod 600 it`);
  return ring;
}
