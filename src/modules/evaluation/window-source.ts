import type { ModelSpec } from '../../domain/model-spec.js';
import type { ValueSum } from '../../stats/summaries/value-sum.js';
import { VALUE_KEY } from '../../stats/core/summary-codec.js';
import type { TilesService, LoadedWindow } from '../tiles/index.js';

/** Where evaluations get a window's data. */
export interface WindowSource {
  /**
   * The model's traffic in [from, to), shaped by `spec`: the model's features that the reference
   * also has (reference-loader.ts), picked by name. A feature the window lacks, or has with
   * another type (the spec changed), is empty. The range read is whole tile buckets. `slice` reads
   * one slice (src/modules/tiles/README.md "Slices"), '' (default) the overall traffic.
   */
  load(spec: ModelSpec, modelId: string, from: Date, to: Date, slice?: string): Promise<LoadedWindow>;
  /** Prediction events in [from, to), without decoding any summary. */
  countEvents(modelId: string, from: Date, to: Date, slice?: string): Promise<number>;
  /** The business values of the labelled pairs in [from, to), decoding nothing else. */
  outcomeValue(modelId: string, from: Date, to: Date, slice?: string): Promise<ValueSum>;
}

/** Windows merged from tiles (src/modules/tiles loadWindow and eventCounts). */
export function tilesWindowSource(tiles: Pick<TilesService, 'loadWindow' | 'eventCounts'>): WindowSource {
  return {
    load: (spec, modelId, from, to, slice = '') => tiles.loadWindow(modelId, from, to, { spec, slice }),
    async outcomeValue(modelId, from, to, slice = '') {
      return (await tiles.loadWindow(modelId, from, to, { keys: [VALUE_KEY], slice })).traffic.value;
    },
    async countEvents(modelId, from, to, slice = '') {
      const { buckets } = await tiles.eventCounts(modelId, from, to, { slice });
      return buckets.reduce((sum, b) => sum + b.events, 0);
    },
  };
}
