import type { Pool } from '../../lib/db.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { WindowLength } from '../../lib/windows.js';
import { categoricalDistribution } from '../../stats/summaries/categorical-distribution.js';
import { numericDistribution } from '../../stats/summaries/numeric-distribution.js';
import { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import { type EvaluationStore, incompleteness, rangeOf, windowNamed } from '../evaluation/index.js';
import type { FeatureSpec } from '../../domain/model-spec.js';
import type { ModelService, StoredModel } from '../models/index.js';
import { referenceForSpec, type ReferenceLoader } from '../references/index.js';
import { EVENTS_KEY, featureKey } from '../../stats/core/summary-codec.js';
import type { TilesService } from '../tiles/index.js';
import type {
  DistributionQuery,
  DistributionResponse,
  StatisticQuery,
  StatisticResponse,
} from './features.schemas.js';

export interface FeatureServiceDeps {
  pool: Pool;
  store: Pick<EvaluationStore, 'featureVerdicts'>;
  references: Pick<ReferenceLoader, 'current'>;
  models: Pick<ModelService, 'get'>;
  tiles: Pick<TilesService, 'loadWindow'>;
  windows: readonly WindowLength[];
  statusWindow: string;
  tileSeconds: number;
  now?: () => Date;
}

/** One feature of a model, charted: its distribution against the reference, its drift over time. */
export function createFeatureService(deps: FeatureServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const tileMs = deps.tileSeconds * 1000;

  /** The model's feature by name; a 404 pointing at the path's `feature` when it has none. */
  async function featureOf(
    modelId: string,
    name: string,
  ): Promise<{ model: StoredModel; feature: FeatureSpec }> {
    const model = await deps.models.get(modelId, { includeArchived: false });
    const feature = model.spec.features.find((f) => f.name === name);
    if (feature) return { model, feature };
    throw new NotFoundError(`Model "${modelId}" has no feature "${name}".`, [
      { pointer: '/feature', message: 'is not a feature of the model', location: 'params' },
    ]);
  }

  /**
   * `?from=&to=`, or the named window ending with the current tile bucket, as a scheduled
   * evaluation of it would run now (src/modules/evaluation README "Windows").
   */
  function rangeFor(query: DistributionQuery): { name: string | null; from: Date; to: Date } {
    if (query.from !== undefined || query.to !== undefined) return { name: null, ...rangeOf(query) };
    const window = windowNamed(deps.windows, query.window, deps.statusWindow);
    const end = Math.ceil(now().getTime() / tileMs) * tileMs;
    return { name: window.name, from: new Date(end - window.seconds * 1000), to: new Date(end) };
  }

  return {
    async distribution(
      modelId: string,
      name: string,
      query: DistributionQuery,
    ): Promise<DistributionResponse> {
      const { model, feature } = await featureOf(modelId, name);
      const range = rangeFor(query);
      const loaded = await deps.references.current(modelId);
      const fitted = loaded && referenceForSpec(loaded, model.spec);
      if (!loaded || !fitted) {
        throw new ConflictError(
          `Model "${modelId}" has no reference to compare with: PUT /v1/models/${modelId}/reference first.`,
        );
      }
      const key = featureKey(feature.type, feature.name);
      const referenced = fitted.reference.features.find((f) => f.name === feature.name);
      if (!referenced) {
        const quarantined = loaded.quarantined.some((q) => q.key === key);
        throw new ConflictError(
          quarantined
            ? `The reference's summary of feature "${name}" could not be decoded and is quarantined: set a new reference.`
            : `The reference has no ${feature.type} feature "${name}" (added or retyped since): set a new reference.`,
        );
      }
      const { traffic, read } = await deps.tiles.loadWindow(modelId, range.from, range.to, {
        keys: [EVENTS_KEY, key],
      });
      const current = traffic.feature(feature.name);
      const head = {
        feature: feature.name,
        window: {
          name: range.name,
          from: read.from.toISOString(),
          to: read.to.toISOString(),
          events: traffic.events,
        },
        referenceId: loaded.stored.id,
        referenceVersion: loaded.stored.version,
        incomplete: incompleteness(read.incomplete.filter((q) => q.key === key)),
      };
      const column = referenced.column;
      if (column instanceof NumericSummary && current instanceof NumericSummary) {
        return { ...head, type: 'numerical', ...numericDistribution(column, current, query.bins) };
      }
      if (column instanceof CategoricalSummary && current instanceof CategoricalSummary) {
        return { ...head, type: 'categorical', ...categoricalDistribution(column, current) };
      }
      throw new Error(`feature "${name}": the reference and the window disagree on its type`);
    },

    async statistic(modelId: string, name: string, query: StatisticQuery): Promise<StatisticResponse> {
      const { feature } = await featureOf(modelId, name);
      const window = windowNamed(deps.windows, query.window, deps.statusWindow);
      const rows = await deps.store.featureVerdicts(deps.pool, {
        modelId,
        windowName: window.name,
        feature: feature.name,
        fromEnd: query.from === undefined ? null : new Date(query.from),
        toEnd: query.to === undefined ? null : new Date(query.to),
        limit: query.limit + 1,
      });
      const points = rows
        .slice(0, query.limit)
        .reverse()
        .map(({ windowEnd, evaluatedAt, verdict }) => ({
          windowEnd: windowEnd.toISOString(),
          evaluatedAt: evaluatedAt.toISOString(),
          method: verdict.method,
          statistic: verdict.statistic,
          threshold: verdict.threshold,
          drifted: verdict.drifted,
          noisePValue: verdict.noisePValue ?? null,
          status: verdict.status,
        }));
      return {
        feature: feature.name,
        window: window.name,
        method: points[points.length - 1]?.method ?? null,
        points,
        more: rows.length > query.limit,
      };
    },
  };
}

export type FeatureService = ReturnType<typeof createFeatureService>;
