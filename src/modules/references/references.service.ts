import { withTransaction, type Pool } from '../../lib/db.js';
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../lib/errors.js';
import type { EventRow } from '../../stats/core/read.js';
import type { AuditStore } from '../audit/index.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { ModelService } from '../models/index.js';
import {
  createReferenceBuilder,
  TooManyReferenceRowsError,
  type BuiltReference,
} from './reference-builder.js';
import type { ColumnProfile, ReferenceDescription } from './references.schemas.js';
import type { ReferencesStore, StoredReference } from './references.store.js';
import type { TrafficStore } from './traffic.store.js';

export interface ReferencesServiceDeps {
  pool: Pool;
  store: ReferencesStore;
  traffic: Pick<TrafficStore, 'events'>;
  models: Pick<ModelService, 'get'>;
  audit: Pick<AuditStore, 'insert'>;
  maxRows: number;
  /** Called after a new version is committed (the evaluation scheduler starts watching the model). */
  onReferenceSet?: (modelId: string, referenceId: number) => Promise<void>;
}

export type ReferenceRows = Iterable<EventRow> | AsyncIterable<EventRow>;

/** The stored reference as GET describes it, with the method each column is judged by today. */
export function describeReference(ref: StoredReference, spec: ModelSpec | null): ReferenceDescription {
  const configured = new Map(spec?.features.map((f) => [f.name, f.drift?.method]) ?? []);
  const column = ({ key: _key, ...profile }: ColumnProfile) => ({
    ...profile,
    method: configured.get(profile.name) ?? profile.defaultMethod,
  });
  const joint = ref.profiles.multivariate ?? null;
  return {
    id: ref.id,
    modelId: ref.modelId,
    version: ref.version,
    modelVersion: ref.modelVersion,
    createdAt: ref.createdAt,
    createdBy: ref.createdBy,
    source: ref.source,
    range: ref.range,
    rows: ref.rows,
    rejected: ref.profiles.rejected,
    labelled: ref.labelled,
    features: ref.profiles.features.map(column),
    prediction: ref.profiles.prediction && {
      ...column(ref.profiles.prediction),
      method: ref.profiles.prediction.defaultMethod,
    },
    score: ref.profiles.score && { ...column(ref.profiles.score), method: ref.profiles.score.defaultMethod },
    cbpe: ref.cbpe && { calibration: ref.cbpe.method },
    performance: ref.performance,
    multivariate: joint && {
      features: joint.names,
      components: joint.components.length,
      explainedVariance: joint.explained,
      referenceError: joint.referenceError,
      chunks: joint.chunks,
    },
  };
}

export function createReferencesService(deps: ReferencesServiceDeps) {
  const { pool, store, audit } = deps;

  async function build(spec: ModelSpec, rows: ReferenceRows): Promise<BuiltReference> {
    const builder = createReferenceBuilder(spec, deps.maxRows);
    try {
      for await (const row of rows) builder.add(row);
    } catch (err) {
      if (err instanceof TooManyReferenceRowsError) {
        throw new PayloadTooLargeError(
          `A reference may have at most ${err.maxRows} rows (REFERENCE_MAX_ROWS).`,
        );
      }
      throw err;
    }
    const built = builder.build();
    if (built.rows === 0) {
      throw new ValidationError(
        builder.rowsSeen === 0
          ? 'The reference has no rows.'
          : 'Every reference row lacks a value for a feature that is not nullable.',
      );
    }
    return built;
  }

  async function save(
    modelId: string,
    schemaVersion: number,
    built: BuiltReference,
    source: Pick<StoredReference, 'source' | 'range' | 'modelVersion'>,
    actor: string,
  ): Promise<StoredReference> {
    const saved = await withTransaction(pool, async (client) => {
      const model = await store.lockModel(client, modelId);
      if (!model || model.archived) throw new NotFoundError(`Model "${modelId}" not found.`);
      const current = await deps.models.get(modelId, { includeArchived: false });
      if (current.schemaVersion !== schemaVersion) {
        throw new ConflictError(
          'The model schema changed while the reference was being built; send it again.',
        );
      }
      const before = await store.current(client, modelId, source.modelVersion);
      const ref = await store.insert(client, {
        modelId,
        ...source,
        task: current.spec.task,
        rows: built.rows,
        labelled: built.labelled,
        profiles: built.profiles,
        cbpe: built.cbpe,
        performance: built.performance,
        createdBy: actor,
      });
      await store.insertSummaries(client, ref.id, built.summaries);
      const summary = (r: StoredReference) => ({
        id: r.id,
        version: r.version,
        ...(r.modelVersion === null ? {} : { modelVersion: r.modelVersion }),
        source: r.source,
        rows: r.rows,
      });
      await audit.insert(client, {
        modelId,
        action: 'reference_set',
        actor,
        changes: [
          { path: '/reference', ...(before ? { before: summary(before) } : {}), after: summary(ref) },
        ],
      });
      return ref;
    });
    await deps.onReferenceSet?.(modelId, saved.id);
    return saved;
  }

  return {
    /** A new reference version from uploaded rows: the model's, or with `modelVersion` that version's. */
    async putRows(
      modelId: string,
      rows: (spec: ModelSpec) => ReferenceRows,
      actor: string,
      modelVersion: string | null = null,
    ): Promise<ReferenceDescription> {
      const model = await deps.models.get(modelId, { includeArchived: false });
      const built = await build(model.spec, rows(model.spec));
      const source = { source: 'rows' as const, range: null, modelVersion };
      const ref = await save(modelId, model.schemaVersion, built, source, actor);
      return describeReference(ref, model.spec);
    },

    /**
     * A new reference version from the model's own predictions in [from, to), with their
     * outcomes; with `modelVersion`, that version's predictions, as its reference.
     */
    async putTraffic(
      modelId: string,
      from: Date,
      to: Date,
      actor: string,
      modelVersion: string | null = null,
    ): Promise<ReferenceDescription> {
      if (!(from < to)) {
        throw new ValidationError('"from" must be before "to".', [
          { pointer: '/to', message: 'must be after from', location: 'body' },
        ]);
      }
      const model = await deps.models.get(modelId, { includeArchived: false });
      const events = deps.traffic.events(pool, model.spec, modelId, from, to, modelVersion);
      const built = await build(model.spec, events);
      const range = { from: from.toISOString(), to: to.toISOString() };
      const ref = await save(
        modelId,
        model.schemaVersion,
        built,
        { source: 'traffic', range, modelVersion },
        actor,
      );
      return describeReference(ref, model.spec);
    },

    /** The model's current reference, or with `modelVersion` the one that version is judged against. */
    async describe(modelId: string, modelVersion?: string): Promise<ReferenceDescription> {
      const model = await deps.models.get(modelId, { includeArchived: false });
      const ref =
        modelVersion === undefined
          ? await store.current(pool, modelId)
          : await store.currentFor(pool, modelId, modelVersion);
      if (!ref) throw new NotFoundError(`Model "${modelId}" has no reference yet: PUT one first.`);
      return describeReference(ref, model.spec);
    },
  };
}

export type ReferencesService = ReturnType<typeof createReferencesService>;
