import { z } from 'zod';

/**
 * The dates the API takes: RFC 3339 date-times from 1970-01-01T00:00:00Z to
 * 9999-12-31T23:59:59.999Z. Postgres refuses year 0000 and JavaScript's Date ends at +275760;
 * before 1970 nothing was ever monitored. One schema for every date in a request, so that no
 * date reaches a query unchecked (issue 8, finding 5).
 */
export const EARLIEST_MS = Date.UTC(1970, 0, 1);
export const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const DATE_RANGE = '1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z';

export const inDateRange = (ms: number): boolean => ms >= EARLIEST_MS && ms <= LATEST_MS;

/** An RFC 3339 date-time with an offset, within DATE_RANGE. */
export const apiDateTime = () =>
  z.iso
    .datetime({ offset: true })
    .refine((text) => inDateRange(Date.parse(text)), { message: `must be within ${DATE_RANGE}` });
