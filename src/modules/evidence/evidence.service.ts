import { canonicalSha256 } from '../../lib/canonical-json.js';
import type { Pool } from '../../lib/db.js';
import { ValidationError } from '../../lib/errors.js';
import { resolvePeriod, type Period } from '../../lib/period.js';
import { mayAccess } from '../../http/plugins/access.js';
import { type RuleStore, ruleModels, selects } from '../alerting/index.js';
import { verifyAuditChain, type ChainReport, type AuditStore } from '../audit/index.js';
import type { createResponseReport } from '../fleet/index.js';
import { modelsAsOf, type Model, type ModelService, type StoredModel } from '../models/index.js';
import type { ModelSpec } from '../../domain/model-spec.js';
import type { ReferencesStore } from '../references/index.js';
import { evaluationDays } from './daily.js';
import { alertsInPeriod, type EvidenceAlertsDeps } from './evidence-alerts.js';
import { EVIDENCE_SCHEMA_VERSION, MAX_EVIDENCE_EPISODES, type Evidence } from './evidence.schemas.js';
import type { EvidenceStore } from './evidence.store.js';
import { referenceFingerprint } from './fingerprint.js';

export interface EvidenceServiceDeps extends Omit<EvidenceAlertsDeps, 'db' | 'store'> {
  pool: Pool;
  store: EvidenceStore;
  models: Pick<ModelService, 'get'>;
  references: Pick<ReferencesStore, 'summaries'>;
  audit: Pick<AuditStore, 'listForModelBetween'>;
  rules: Pick<RuleStore, 'list'>;
  response: ReturnType<typeof createResponseReport>;
  /** The configured evaluation windows (EVALUATION_WINDOWS), listed every day even when empty. */
  windows: readonly string[];
  /** Episodes a record lists at most (MAX_EVIDENCE_EPISODES). */
  maxEpisodes?: number;
  now?: () => Date;
}

function toModel(stored: StoredModel | undefined): Model | null {
  if (!stored) return null;
  const { spec, ...registry } = stored;
  return { ...spec, ...registry };
}

function driftSettings(spec: ModelSpec | undefined): Evidence['driftSettings'] {
  return (spec?.features ?? []).map((f) => ({
    feature: f.name,
    type: f.type,
    method: f.drift?.method ?? null,
    threshold: f.drift?.threshold ?? null,
    learnedThreshold: f.drift?.learnedThreshold ?? false,
    minSamples: f.drift?.minSamples ?? null,
  }));
}

/**
 * The evidence record of one model over a review period (README.md): assembled from the stores
 * and services that answer the API, so that each number is the API's for the same period.
 */
export function createEvidenceService(deps: EvidenceServiceDeps) {
  const { pool, store } = deps;
  const now = deps.now ?? (() => new Date());
  const maxEpisodes = deps.maxEpisodes ?? MAX_EVIDENCE_EPISODES;
  // The whole log is read to verify the chain: exports made at once share one verification, so
  // that many of them cost the database one pass, not one each.
  let verifying: Promise<ChainReport> | null = null;
  const verifyChain = () =>
    (verifying ??= verifyAuditChain(pool).finally(() => {
      verifying = null;
    }));

  async function inventoryAt(modelId: string, asOf: Date) {
    return (await modelsAsOf(pool, { asOf, visibleIds: [modelId] })).find((m) => m.id === modelId);
  }

  async function references(modelId: string, period: Period): Promise<Evidence['references']> {
    const versions = await store.referenceVersions(pool, modelId, period);
    return Promise.all(
      versions.map(async (v, i) => ({
        id: v.id,
        version: v.version,
        source: v.source,
        range:
          v.range_from && v.range_to
            ? { from: v.range_from.toISOString(), to: v.range_to.toISOString() }
            : null,
        rows: v.rows,
        labelled: v.labelled,
        createdAt: v.created_at.toISOString(),
        createdBy: v.created_by,
        inForce: {
          from: new Date(Math.max(v.created_at.getTime(), period.from.getTime())).toISOString(),
          to: (versions[i + 1]?.created_at ?? period.to).toISOString(),
        },
        fingerprint: referenceFingerprint(v, await deps.references.summaries(pool, v.id)),
      })),
    );
  }

  async function rules(model: StoredModel, visibleIds: readonly string[] | null) {
    const selecting = (await deps.rules.list(pool)).filter((r) =>
      selects(r.models, model.id, model.spec.tags),
    );
    const items = selecting.filter((r) => mayAccess({ modelIds: visibleIds }, ruleModels(r.models)));
    return { items, withheld: selecting.length - items.length };
  }

  function periodOf(query: { from?: string | undefined; to?: string | undefined }): Period {
    const period = resolvePeriod(query, now());
    if (period.from >= period.to) {
      throw new ValidationError('The period is empty: from must be before to.', [
        { pointer: '/from', message: 'must be before to', location: 'querystring' },
      ]);
    }
    return period;
  }

  return {
    /** 404 for an unknown model; archived models keep their evidence. */
    async export(
      modelId: string,
      query: { from?: string | undefined; to?: string | undefined },
      visibleIds: readonly string[] | null,
    ): Promise<Evidence> {
      const period = periodOf(query);
      const model = await deps.models.get(modelId, { includeArchived: true });
      const generatedAt = now();
      const iso = { from: period.from.toISOString(), to: period.to.toISOString() };
      const [atFrom, atTo, refs, ruleSet, rows, alerts, entries, chain, kpis] = await Promise.all([
        inventoryAt(modelId, period.from),
        inventoryAt(modelId, period.to),
        references(modelId, period),
        rules(model, visibleIds),
        store.evaluations(pool, modelId, period),
        alertsInPeriod({ ...deps, db: pool }, modelId, period, maxEpisodes),
        deps.audit.listForModelBetween(pool, modelId, period),
        verifyChain(),
        deps.response(visibleIds, { ...iso, model: modelId }),
      ]);
      const windows = [...new Set([...deps.windows, ...rows.map((r) => r.window)])];
      const record: Omit<Evidence, 'digest'> = {
        schemaVersion: EVIDENCE_SCHEMA_VERSION,
        generatedAt: generatedAt.toISOString(),
        period: iso,
        modelId,
        inventory: { atFrom: toModel(atFrom), atTo: toModel(atTo) },
        references: refs,
        driftSettings: driftSettings(atTo?.spec),
        rules: { asOf: generatedAt.toISOString(), ...ruleSet },
        evaluations: { windows, days: evaluationDays(rows, windows, period) },
        alerts: alerts.alerts,
        alertEpisodesOmitted: alerts.omitted,
        audit: { entries, chain: { ok: chain.broken === null, ...chain } },
        kpis: { response: kpis.fleet, incidents: kpis.incidents },
      };
      return { ...record, digest: { algorithm: 'sha256', value: canonicalSha256(record) } };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
