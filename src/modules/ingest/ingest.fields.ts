/**
 * Checks for the single values inside an event. Each returns an error message, or undefined when
 * the value is acceptable, so that the compiled validators can collect every problem of an event.
 */
import { isStorableText } from '../../lib/text.js';

export const MAX_ID_LENGTH = 200;
export const MAX_LABEL_LENGTH = 500;
export const MAX_SEGMENTS = 20;
export const MAX_SEGMENT_KEY_LENGTH = 100;
export const MAX_SEGMENT_VALUE_LENGTH = 200;
export const MAX_FUTURE_MS = 5 * 60_000;

/** Event times the service accepts: not older than retention, not more than 5 minutes ahead. */
export interface TimeWindow {
  nowMs: number;
  oldestMs: number;
  retentionDays: number;
}

export type Label = string | number | boolean;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Postgres text and jsonb hold neither NUL nor unpaired surrogates: refuse them here, not with a 500.
const UNSTORABLE_MESSAGE = 'must be valid Unicode without NUL characters';

function checkText(value: string, min: number, max: number): string | undefined {
  if (value.length < min || value.length > max) {
    return min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`;
  }
  return isStorableText(value) ? undefined : UNSTORABLE_MESSAGE;
}

export function checkId(value: unknown): string | undefined {
  return typeof value === 'string' ? checkText(value, 1, MAX_ID_LENGTH) : 'must be a string';
}

export function checkOptionalText(value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? checkText(value, 0, max) : 'must be a string';
}

export function checkFiniteNumber(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a finite number';
}

export function checkProbability(value: unknown): string | undefined {
  return typeof value === 'number' && value >= 0 && value <= 1 ? undefined : 'must be a number from 0 to 1';
}

/** A class label or a category: a short string, a finite number or a boolean. */
export function checkLabel(value: unknown): string | undefined {
  if (typeof value === 'string') return checkText(value, 0, MAX_LABEL_LENGTH);
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value === 'boolean') return undefined;
  return 'must be a string, a number or a boolean';
}

export function checkSegments(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return 'must be an object of string labels';
  const keys = Object.keys(value);
  if (keys.length > MAX_SEGMENTS) return `must have at most ${MAX_SEGMENTS} entries`;
  for (const key of keys) {
    const keyProblem = checkText(key, 1, MAX_SEGMENT_KEY_LENGTH);
    if (keyProblem) return `keys ${keyProblem}`;
    const label = value[key];
    const labelProblem =
      typeof label === 'string' ? checkText(label, 0, MAX_SEGMENT_VALUE_LENGTH) : 'must be a string';
    if (labelProblem) return `"${key}" ${labelProblem}`;
  }
  return undefined;
}

// A date-time with an explicit offset; a naive one would be read in the server's zone, silently.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

function parseIsoDateTime(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2025-02-30 over into March; a calendar date that does not exist is an error.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Parses an event time (ISO 8601 with an offset, or epoch milliseconds) and checks it is in the window. */
export function parseEventTime(value: unknown, window: TimeWindow): { ms: number } | { error: string } {
  let ms: number | undefined;
  if (typeof value === 'string') ms = parseIsoDateTime(value);
  else if (typeof value === 'number' && Number.isFinite(value)) ms = Math.trunc(value);
  if (ms === undefined) {
    return {
      error:
        'must be an ISO 8601 date-time with a time zone (e.g. 2025-01-31T12:00:00Z) or epoch milliseconds',
    };
  }
  if (ms > window.nowMs + MAX_FUTURE_MS) {
    return {
      error: `is more than 5 minutes in the future (${shownTime(ms)}; server time ${new Date(window.nowMs).toISOString()})`,
    };
  }
  if (ms < window.oldestMs) {
    // Epoch seconds sent as milliseconds land in January 1970: say so.
    const hint =
      typeof value === 'number' && value < 1e11 && value >= 0 ? '; epoch timestamps are in milliseconds' : '';
    return {
      error: `is older than the retention period of ${window.retentionDays} days (${shownTime(ms)})${hint}`,
    };
  }
  return { ms };
}

/** A time for a message: ISO 8601 where JavaScript's Date reaches (±8.64e15 ms), else the number. */
function shownTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms since 1970, beyond any date`;
}
