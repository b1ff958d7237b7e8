import type { SummaryColumns } from '../../stats/evaluation/summary-columns.js';
import { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { QuarantinedSummary } from '../tiles/quarantine.store.js';
import type { ValueSum } from '../../stats/summaries/value-sum.js';
import { VALUE_KEY } from '../tiles/tile-codec.js';
import type { TilesService } from '../tiles/tiles.service.js';
import { toSummaryColumns } from '../tiles/window-columns.js';
import type { WindowSummary } from '../tiles/window-summary.js';

/** A window's merged summaries, over the range they actually cover (tiles are whole buckets). */
export interface WindowSummaries {
  /** `rejected` counts the events refused at ingest in batches received in the range. */
  columns: SummaryColumns;
  from: Date;
  to: Date;
  /** Summaries of the range that could not be decoded and are quarantined: `columns` lack them. */
  incomplete: QuarantinedSummary[];
  /** The business values of the range's labelled pairs (docs/kpis.md#value). */
  value: ValueSum;
}

/** Where evaluations get a window's data. */
export interface WindowSource {
  /**
   * The merged summaries of the model's events in [from, to), for the spec's features; `slice`
   * reads one slice (src/modules/tiles/README.md "Slices"), '' (default) the overall traffic.
   */
  load(spec: ModelSpec, modelId: string, from: Date, to: Date, slice?: string): Promise<WindowSummaries>;
  /** Prediction events in [from, to), without decoding any summary. */
  countEvents(modelId: string, from: Date, to: Date, slice?: string): Promise<number>;
  /** The business values of the labelled pairs in [from, to), decoding nothing else. */
  outcomeValue(modelId: string, from: Date, to: Date, slice?: string): Promise<ValueSum>;
}

/**
 * A tile window as the columns src/stats/evaluation evaluates, for `spec`: the model's features
 * that the reference also has (reference-loader.ts), picked by name. A feature the window lacks,
 * or has with another type (the spec changed), is empty.
 *
 * An outcome batch folded before its predictions' batch can briefly leave more labelled pairs
 * than predictions in a window (tiles README); the prediction count is raised to the pairs so
 * that coverage reads 1 until the predictions' fold lands, instead of failing the evaluation.
 */
export function windowColumns(window: WindowSummary, spec: ModelSpec): SummaryColumns {
  const columns = toSummaryColumns(window);
  const byName = new Map(window.features.map((f) => [f.name, f]));
  const features = spec.features.map((f) => {
    const found = byName.get(f.name);
    if (found?.type === f.type) return found.summary;
    return f.type === 'numerical' ? new NumericSummary() : new CategoricalSummary();
  });
  const predictions = Math.max(columns.predictions, columns.performance.summary.labelled);
  return { ...columns, features, predictions };
}

/** Windows merged from tiles (src/modules/tiles loadWindow and eventCounts). */
export function tilesWindowSource(tiles: Pick<TilesService, 'loadWindow' | 'eventCounts'>): WindowSource {
  return {
    async load(spec, modelId, from, to, slice = '') {
      const window = await tiles.loadWindow(modelId, from, to, { slice });
      return {
        columns: windowColumns(window, spec),
        from: window.from,
        to: window.to,
        incomplete: window.incomplete,
        value: window.value,
      };
    },
    async outcomeValue(modelId, from, to, slice = '') {
      return (await tiles.loadWindow(modelId, from, to, { keys: [VALUE_KEY], slice })).value;
    },
    async countEvents(modelId, from, to, slice = '') {
      const { buckets } = await tiles.eventCounts(modelId, from, to, { slice });
      return buckets.reduce((sum, b) => sum + b.events, 0);
    },
  };
}
