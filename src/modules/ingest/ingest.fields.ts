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
