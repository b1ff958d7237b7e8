import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { LatestSegment } from '../evaluation/index.js';
import { parseSlice } from '../tiles/index.js';
import { one, registerKpiGauges, type KpiGauge } from './kpi-gauges.js';

/** What one read of the segment gauges holds: the values exported and how many were left out. */
export interface SegmentSnapshot {
  values: readonly LatestSegment[];
  omitted: number;
}

export interface SegmentMetricsDeps {
  registry: Registry;
  /** The segment values of each model's newest status-window round, worst first, at most `limit`. */
  latest: (limit: number) => Promise<{ values: LatestSegment[]; total: number }>;
  /** MAX_SEGMENT_SERIES: segment values exported per scrape, over every model (≥ 1). */
  limit: number;
  refreshMs: number;
  log: Logger;
}

const CAPPED =
  'at most maxValues + 1 values per declared key (kept values and __other__), and MAX_SEGMENT_SERIES values per scrape over every model, worst first';

/** `segment:country=DE` as the label reads: `country:DE`, the form of `?segment=` and alerts' label. */
export function segmentLabel(slice: string): string {
  const parsed = parseSlice(slice);
  return parsed.kind === 'segment' ? `${parsed.key}:${parsed.value}` : slice;
}

/** A gauge with one sample per segment value; `status` adds the value's status as a label. */
const perValue = (
  help: string,
  value: (v: LatestSegment) => number | null,
  { status = false } = {},
): KpiGauge<SegmentSnapshot> => ({
  help: `${help} From the latest stored evaluation of the status window; values with no events in it have no series. Capped: ${CAPPED}.`,
  labelNames: ['model', 'segment', ...(status ? ['status'] : [])],
  samples: (s) =>
    s.values.map((v) => ({
      labels: { model: v.modelId, segment: segmentLabel(v.slice), ...(status ? { status: v.status } : {}) },
      value: value(v),
    })),
});

/**
 * Per segment value gauges (issue 13 item 3), read from Postgres at most every `refreshMs` like
 * the model gauges. Bounded twice: by construction, a model's newest round holds at most
 * maxValues + 1 values per declared key; and a scrape holds at most `limit` values over the
 * fleet, the worst first, so that what a cut leaves out is healthy values.
 */
export function registerSegmentMetrics(deps: SegmentMetricsDeps): { refresh(): Promise<SegmentSnapshot> } {
  return registerKpiGauges<SegmentSnapshot>({
    registry: deps.registry,
    load: async () => {
      const { values, total } = await deps.latest(deps.limit);
      return { values, omitted: total - values.length };
    },
    initial: { values: [], omitted: 0 },
    gauges: {
      modelwatch_segment_status: perValue(
        "A segment value's status (the series of its current status only, value 1).",
        () => 1,
        { status: true },
      ),
      modelwatch_segment_dataset_drift_share: perValue(
        'Share of evaluated features that drifted in a segment value.',
        (v) => v.driftShare,
      ),
      modelwatch_segment_window_events: perValue(
        'Prediction events of a segment value in the status window.',
        (v) => v.events,
      ),
      modelwatch_segment_values_omitted: {
        help: 'Segment values with a stored evaluation left out of the segment gauges by MAX_SEGMENT_SERIES in the latest read.',
        samples: (s) => one(s.omitted),
      },
    },
    refreshMs: deps.refreshMs,
    log: deps.log,
    what: 'segment metrics',
  });
}
