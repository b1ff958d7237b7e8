import type { Headline } from '../evaluation/index.js';

export interface HeadlineValue {
  metric: Headline['metric'];
  value: number;
  kind: 'realized' | 'estimated';
}

/**
 * The headline a person reads first: realized where outcomes arrived (`labelled` predictions in
 * the window), else CBPE's estimate. One definition for the fleet and the evidence export.
 */
export function headlineValue(h: Headline | null, labelled: number): HeadlineValue | null {
  if (!h) return null;
  if (labelled > 0 && h.realized !== null) return { metric: h.metric, value: h.realized, kind: 'realized' };
  if (h.estimated !== null) return { metric: h.metric, value: h.estimated, kind: 'estimated' };
  return null;
}
