import type { Queryable } from '../../lib/db.js';
import { SummaryFormatError } from '../../stats/bytes/format-error.js';
import type { NullModel } from '../../stats/drift/null-model.js';
import type { Reference, FeatureReference } from '../../stats/evaluation/reference.js';
import { categoricalNullModel, numericalNullModel } from '../../stats/evaluation/summary-backend.js';
import type { CategoricalSummary } from '../../stats/summaries/categorical-summary.js';
import type { NumericSummary } from '../../stats/summaries/numeric-summary.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { Quarantine, QuarantinedSummary } from '../tiles/index.js';
import type { ColumnProfile } from './references.schemas.js';
import type { ReferencesStore, StoredReference } from './references.store.js';
import { decodeColumn, type ColumnSummary } from './summary-keys.js';

export type SummaryReference = Reference<NumericSummary, CategoricalSummary>;

export interface LoadedReference {
  stored: StoredReference;
  columns: ReadonlyMap<string, ColumnSummary>;
  /** Each decoded column's null model (computed once per reference version). */
  noise: ReadonlyMap<string, NullModel>;
  /** Summaries of this reference that could not be decoded and are quarantined. */
  quarantined: readonly QuarantinedSummary[];
}

/**
 * What a window can be compared with under today's spec. Features added since the reference
 * was built, or whose type changed, are left out of `spec` (and so of the evaluation) until a
 * new reference is set; so are columns whose summary is quarantined (the evaluation says so).
 * Each feature's drift settings come from today's spec.
 */
export function referenceForSpec(
  loaded: LoadedReference,
  spec: ModelSpec,
): { spec: ModelSpec; reference: SummaryReference } | null {
  const { stored, columns } = loaded;
  if (stored.task !== spec.task) return null;
  const setAside = new Set(loaded.quarantined.map((q) => q.key));
  const usable = (p: ColumnProfile | null): p is ColumnProfile => p !== null && !setAside.has(p.key);
  const byName = new Map(stored.profiles.features.map((p) => [p.name, p]));
  const features = spec.features.filter((f) => {
    const profile = byName.get(f.name);
    return profile?.type === f.type && usable(profile);
  });
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
        noise: loaded.noise.get(profile.key)!,
        band: profile.band ?? null,
      },
      defaultMethod: profile.defaultMethod,
      range: profile.range,
      column: summary as NumericSummary | CategoricalSummary,
      ...(config ? { config } : {}),
    };
    return entry;
  };
  const { prediction, score } = stored.profiles;
  // The PCA holds while every feature it was fitted on is still numerical and usable.
  const numerical = new Set(features.filter((f) => f.type === 'numerical').map((f) => f.name));
  const multivariate = stored.profiles.multivariate ?? null;
  return {
    spec: { ...spec, features },
    reference: {
      rows: stored.rows,
      features: features.map((f) => column(byName.get(f.name)!, f.drift)),
      prediction: usable(prediction) ? column(prediction) : null,
      score: usable(score) ? column(score) : null,
      cbpe: stored.cbpe,
      multivariate: multivariate?.names.every((name) => numerical.has(name)) ? multivariate : null,
    },
  };
}

const CACHED_REFERENCES = 256;

interface Decoded {
  columns: ReadonlyMap<string, ColumnSummary>;
  noise: ReadonlyMap<string, NullModel>;
  quarantined: readonly QuarantinedSummary[];
}

/** The null model of each decoded column, on the bins the raw reference decided. */
function nullModels(
  ref: StoredReference,
  columns: ReadonlyMap<string, ColumnSummary>,
): Map<string, NullModel> {
  const noise = new Map<string, NullModel>();
  const { features, prediction, score } = ref.profiles;
  for (const p of [...features, prediction, score]) {
    const column = p && columns.get(p.key);
    if (!p || !column) continue;
    noise.set(
      p.key,
      p.type === 'numerical'
        ? numericalNullModel(column as NumericSummary, p.edges)
        : categoricalNullModel(column as CategoricalSummary),
    );
  }
  return noise;
}

/**
 * The current reference of a model with its decoded summaries. A reference version never
 * changes, so decoded summaries are kept by id (a few hundred, oldest dropped first) and each
 * evaluation costs one small query. With `quarantine`, a summary that cannot be decoded is set
 * aside (src/modules/tiles/README.md "Quarantine") and its column left out; without, it throws.
 */
export function createReferenceLoader({
  db,
  store,
  quarantine,
}: {
  db: Queryable;
  store: Pick<ReferencesStore, 'current' | 'currentFor' | 'summaries'>;
  quarantine?: Pick<Quarantine, 'setAsideReferenceSummaries' | 'ofReference'>;
}) {
  const cache = new Map<number, Decoded>();

  async function decode(ref: StoredReference): Promise<Decoded> {
    const bytes = await store.summaries(db, ref.id);
    const types = new Map(
      [...ref.profiles.features, ref.profiles.prediction, ref.profiles.score].flatMap((p) =>
        p ? [[p.key, p.type]] : [],
      ),
    );
    const columns = new Map<string, ColumnSummary>();
    const bad: { key: string; reason: string }[] = [];
    for (const [key, value] of bytes) {
      const type = types.get(key);
      if (!type) continue;
      try {
        columns.set(key, decodeColumn(type, value));
      } catch (err) {
        if (!quarantine || !(err instanceof SummaryFormatError)) throw err;
        bad.push({ key, reason: err.message });
      }
    }
    const noise = nullModels(ref, columns);
    if (!quarantine || columns.size === types.size) return { columns, noise, quarantined: [] };
    await quarantine.setAsideReferenceSummaries(ref.modelId, ref.id, bad);
    // Those quarantined before (by this or another process), and now (even if the move failed).
    const before = (await quarantine.ofReference(db, ref.id)).filter(
      (q) => !bad.some((b) => b.key === q.key),
    );
    const now = bad.map((b) => ({
      source: 'reference' as const,
      key: b.key,
      from: null,
      to: null,
      referenceId: ref.id,
      reason: b.reason,
    }));
    return { columns, noise, quarantined: [...before, ...now] };
  }

  async function decoded(ref: StoredReference): Promise<Decoded> {
    const cached = cache.get(ref.id);
    if (cached) return cached;
    const result = await decode(ref);
    if (cache.size >= CACHED_REFERENCES) cache.delete(cache.keys().next().value!);
    cache.set(ref.id, result);
    return result;
  }

  return {
    /** The model's current reference, or with `modelVersion` the one that version is judged against. */
    async current(modelId: string, modelVersion?: string): Promise<LoadedReference | null> {
      const stored =
        modelVersion === undefined
          ? await store.current(db, modelId)
          : await store.currentFor(db, modelId, modelVersion);
      return stored ? { stored, ...(await decoded(stored)) } : null;
    },
  };
}

export type ReferenceLoader = ReturnType<typeof createReferenceLoader>;
