import { ValidationError } from './errors.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_MS = 30 * DAY_MS;
/** The longest period one request reads: what falls in it is read and summarised in memory. */
export const MAX_PERIOD_MS = 366 * DAY_MS;

/** A half-open reporting period [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * The period a report asks for (docs/kpis.md): `to` defaults to now, `from` to 30 days before
 * `to`; more than 366 days is a 400 pointing at `from`.
 */
export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) {
    throw new ValidationError('The period is longer than 366 days; ask for it a year at a time.', [
      { pointer: '/from', message: 'at most 366 days before to', location: 'querystring' },
    ]);
  }
  return { from, to };
}
