/**
 * Bad input to `modelwatch report`: a missing file, an invalid schema, a malformed row.
 * The message is complete and names where the problem is (`file:line:column: …`), so the
 * command prints it on one line and exits 2, without a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** `file:line:column: message`, leaving out the parts that are not known. */
export function inputErrorAt(
  file: string,
  line: number | null,
  column: number | null,
  message: string,
): InputError {
  const where = [file, line, line === null ? null : column].filter((p) => p !== null).join(':');
  return new InputError(`${where}: ${message}`);
}
