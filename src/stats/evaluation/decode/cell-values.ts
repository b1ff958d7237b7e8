/**
 * Reading one value of a row. Each function returns the typed value or throws a CellError
 * whose message says what is wrong; the reader adds the file, line and column.
 */
export class CellError extends Error {}

/** Cells that mean "missing" in a CSV file: empty, and what pandas and R write for NaN/NA. */
const MISSING_TEXT = new Set(['', 'NA', 'NaN', 'nan', 'null']);

/** A plain decimal number (no hex, no Infinity, no thousands separators). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from CSV text; null when missing. */
export function numberFromText(text: string, what: string): number | null {
  const trimmed = text.trim();
  if (MISSING_TEXT.has(trimmed)) return null;
  if (!DECIMAL.test(trimmed)) throw new CellError(`${what}: ${JSON.stringify(text)} is not a number`);
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new CellError(`${what}: ${JSON.stringify(text)} is out of range`);
  return value;
}

/** A category or class label from CSV text; null when empty. */
export function labelFromText(text: string): string | null {
  return text === '' ? null : text;
}

/** A number from a JSON value; null or absent means missing. */
export function numberFromJson(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new CellError(`${what}: ${JSON.stringify(value)} is not a number`);
  // JSON has no Infinity, but 1e999 parses to it.
  if (!Number.isFinite(value)) throw new CellError(`${what}: ${value} is out of range`);
  return value;
}

/** A category or class label from a JSON value (string, number or boolean); null when absent. */
export function labelFromJson(value: unknown, what: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new CellError(`${what}: ${JSON.stringify(value)} is not a string, number or boolean`);
}

/** A score must be a probability. */
export function checkScore(score: number | null, what: string): number | null {
  if (score !== null && !(score >= 0 && score <= 1)) {
    throw new CellError(`${what}: ${score} is not within [0, 1]`);
  }
  return score;
}
