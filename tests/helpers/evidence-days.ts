import { expect } from 'vitest';
import { MODEL_STATUSES, type EvaluationPoint } from '../../src/modules/evaluation/evaluation.schemas.js';
import { WORST_FIRST, type Evidence } from '../../src/modules/evidence/evidence.schemas.js';

/** The headline as the fleet reads it: realized where any prediction was labelled, else CBPE's. */
function headlineOf(p: EvaluationPoint): number | null {
  const h = p.headline;
  if (!h) return null;
  if ((p.labelCoverage ?? 0) > 0 && h.realized !== null) return h.realized;
  return h.estimated;
}

/**
 * Checks each day of the record's evaluation summary against the stored evaluations that
 * GET /v1/models/{id}/evaluations lists for the same window and period, grouped by the UTC day
 * of their window end.
 */
export async function expectDaysMatchApi(
  record: Evidence,
  get: (url: string) => Promise<unknown>,
  query: string,
): Promise<void> {
  for (const window of record.evaluations.windows) {
    const url = `/v1/models/${record.modelId}/evaluations?window=${window}&${query}&limit=1000`;
    const { items, nextCursor } = (await get(url)) as { items: EvaluationPoint[]; nextCursor: string | null };
    expect(nextCursor).toBeNull();
    const days = record.evaluations.days.filter((d) => d.window === window);
    expect(
      days.reduce((n, d) => n + d.evaluations, 0),
      window,
    ).toBe(items.length);
    for (const day of days) {
      const points = items.filter((p) => p.window.to.slice(0, 10) === day.day);
      const where = `${window} ${day.day}`;
      expect(day.evaluations, where).toBe(points.length);
      for (const s of MODEL_STATUSES)
        expect(day.byStatus[s], `${where} ${s}`).toBe(points.filter((p) => p.status === s).length);
      expect(day.worstStatus, where).toBe(
        WORST_FIRST.find((s) => points.some((p) => p.status === s)) ?? null,
      );
      const drifted = points.flatMap((p) => (p.driftedFeatures === null ? [] : [p.driftedFeatures]));
      expect(day.maxDriftedFeatures, where).toBe(drifted.length ? Math.max(...drifted) : null);
      const values = points.flatMap((p) => {
        const v = headlineOf(p);
        return v === null ? [] : [v];
      });
      if (values.length === 0) {
        expect(day.headline, where).toBeNull();
        continue;
      }
      expect(day.headline, where).toMatchObject({
        metric: points.find((p) => p.headline)!.headline!.metric,
        evaluations: values.length,
        min: Math.min(...values),
        max: Math.max(...values),
      });
      expect(day.headline!.mean, where).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 12);
    }
  }
}
