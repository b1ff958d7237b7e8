import type { Queryable } from '../../lib/db.js';
import type { Reference, FeatureReference } from '../../stats/evaluation/reference.js';
import type { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import type { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { ModelSpec } from '../models/models.schemas.js';
import type { ColumnProfile } from './references.schemas.js';
import type { ReferencesStore, StoredReference } from './references.store.js';
import { decodeColumn, type ColumnSummary } from './summary-keys.js';

export type SummaryReference = Reference<NumericSummary, CategoricalSummary>;

export interface LoadedReference {
  stored: StoredReference;
  columns: ReadonlyMap<string, ColumnSummary>;
}

/**
 * What a window can be compared with under today's spec. Features added since the reference
 * was built, or whose type changed, are left out of `spec` (and so of the evaluation) until a
 * new reference is set; each feature's drift settings come from today's spec.
 */
export function referenceForSpec(
  loaded: LoadedReference,
  spec: ModelSpec,
): { spec: ModelSpec; reference: SummaryReference } | null {
  const { stored, columns } = loaded;
  if (stored.task !== spec.task) return null;
  const byName = new Map(stored.profiles.features.map((p) => [p.name, p]));
  const features = spec.features.filter((f) => byName.get(f.name)?.type === f.type);
  const column = (profile: ColumnProfile, config?: ModelSpec['features'][number]['drift']) => {
    const summary = columns.get(profile.key);
    if (!summary) throw new Error(`reference ${stored.id} has no summary "${profile.key}"`);
    const entry: FeatureReference<NumericSummary, CategoricalSummary> = {
      name: profile.name,
      type: profile.type,
      profile: {
        type: profile.type,
        rows: profile.rows,
        present: profile.present,
        distinct: profile.distinct,
        discrete: profile.discrete,
        edges: profile.edges,
      },
      defaultMethod: profile.defaultMethod,
      range: profile.range,
      column: summary as NumericSummary | CategoricalSummary,
      ...(config ? { config } : {}),
    };
    return entry;
  };
  const { prediction, score } = stored.profiles;
  return {
    spec: { ...spec, features },
    reference: {
      rows: stored.rows,
      features: features.map((f) => column(byName.get(f.name)!, f.drift)),
      prediction: prediction ? column(prediction) : null,
      score: score ? column(score) : null,
      cbpe: stored.cbpe,
    },
  };
}

const CACHED_REFERENCES = 256;

/**
 * The current reference of a model with its decoded summaries. A reference version never
 * changes, so decoded summaries are kept by id (a few hundred, oldest dropped first) and each
 * evaluation costs one small query.
 */
export function createReferenceLoader({
  db,
  store,
}: {
  db: Queryable;
  store: Pick<ReferencesStore, 'current' | 'summaries'>;
}) {
  const cache = new Map<number, ReadonlyMap<string, ColumnSummary>>();

  async function columnsOf(ref: StoredReference): Promise<ReadonlyMap<string, ColumnSummary>> {
    const cached = cache.get(ref.id);
    if (cached) return cached;
    const bytes = await store.summaries(db, ref.id);
    const types = new Map(
      [...ref.profiles.features, ref.profiles.prediction, ref.profiles.score].flatMap((p) =>
        p ? [[p.key, p.type]] : [],
      ),
    );
    const columns = new Map<string, ColumnSummary>();
    for (const [key, value] of bytes) {
      const type = types.get(key);
      if (type) columns.set(key, decodeColumn(type, value));
    }
    if (cache.size >= CACHED_REFERENCES) cache.delete(cache.keys().next().value!);
    cache.set(ref.id, columns);
    return columns;
  }

  return {
    async current(modelId: string): Promise<LoadedReference | null> {
      const stored = await store.current(db, modelId);
      return stored ? { stored, columns: await columnsOf(stored) } : null;
    },
  };
}

export type ReferenceLoader = ReturnType<typeof createReferenceLoader>;
