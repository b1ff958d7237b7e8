/**
 * Event times: ISO 8601 with a zone or epoch milliseconds, within the window the service accepts.
 * A fast reader handles the common RFC 3339 forms; the strict parser decides everything else.
 */
import { MAX_FUTURE_MS, type TimeWindow } from './ingest.fields.js';

// A date-time with an explicit offset; a naive one would be read in the server's zone, silently.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/** The strict parser: every form the regex allows, read by Date.parse once the calendar date is checked. */
export function parseIsoDateTimeStrict(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2025-02-30 over into March; a calendar date that does not exist is an error.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The common RFC 3339 forms (`2025-01-31T12:00:00Z`, with 1–9 fraction digits, or an offset
 * `±hh:mm`) read without a regex or Date.parse: timestamp parsing was 6% of the API's CPU. Only
 * what it is sure of: a date from year 1000 and a time within 00:00:00–23:59:59 (the fraction
 * truncated to milliseconds, as Date.parse does). Anything else, valid or not, is left to the
 * strict parser (undefined); tests/unit/ingest/event-time.test.ts checks both agree.
 */
export function parseRfc3339Fast(text: string): number | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) {
    return undefined; // '-', '-', 'T'
  }
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined; // ':'
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46) {
    // '.': 1 to 9 digits, the first three kept
    let digits = 0;
    for (i++; i < length; i++, digits++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (digits < 3) millis = millis * 10 + d;
    }
    if (digits < 1 || digits > 9) return undefined;
    for (let pad = digits; pad < 3; pad++) millis *= 10;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90) {
    // 'Z'
    if (i + 1 !== length) return undefined;
  } else if ((zone === 43 || zone === 45) && i + 6 === length && text.charCodeAt(i + 3) === 58) {
    // '+' or '-', then hh:mm
    const offsetHours = twoDigits(text, i + 1);
    const offsetMins = twoDigits(text, i + 4);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return undefined;
    offsetMinutes = (zone === 43 ? 1 : -1) * (offsetHours * 60 + offsetMins);
  } else {
    return undefined;
  }
  return (
    daysFromCivil(year, month, day) * 86_400_000 +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis
  );
}

function parseIsoDateTime(text: string): number | undefined {
  return parseRfc3339Fast(text) ?? parseIsoDateTimeStrict(text);
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
