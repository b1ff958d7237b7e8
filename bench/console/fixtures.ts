/**
 * Synthetic API answers for the console bench, shaped by the generated client's types: a fleet of
 * MODELS models and one model with FEATURES features, 200 evaluations and 60-point statistics.
 */
import type { components } from '../../clients/typescript/src/generated/api.js';

type S = components['schemas'];
export const MODELS = 1000;
export const FEATURES = 200;
const STATUSES = ['healthy', 'drifting', 'degraded', 'silent', 'insufficient_data', 'unknown'] as const;
const NOW = Date.parse('2026-12-05T12:00:00Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const window = (to: number) => ({ name: '5m', from: iso(to + 300_000), to: iso(to), events: 5000 });

export function fleetModel(i: number): S['Fleet']['models'][number] {
  const status = STATUSES[i % STATUSES.length]!;
  return {
    id: `model-${String(i).padStart(4, '0')}`,
    name: `Model ${i}`,
    task: 'binary_classification',
    owner: `team-${i % 17}`,
    lifecycle: 'production',
    status,
    statusReason:
      status === 'drifting' ? `${i % 8} of 12 evaluated features drifted (share 0.6 >= 0.5)` : 'judged',
    evaluatedAt: iso(60_000),
    lastJudged: null,
    lastEventAt: iso((i % 50) * 1000),
    driftedFeatures: i % 9,
    headline: { metric: 'accuracy', value: 0.8 + (i % 10) / 100, kind: i % 2 ? 'realized' : 'estimated' },
    performance: { metric: 'accuracy', realized: 0.8 + (i % 10) / 100, estimated: 0.82 },
    volume: { events: 1_000 + i, expected: 1_000, ratio: (1_000 + i) / 1_000, basis: 'previous_week' },
    labelCoverage: (i % 100) / 100,
    worstSegments: [],
    functioning: { state: 'yes', reasons: [] },
    objective: null,
    value: {},
    inventoryCompleteness: { share: 0.8, missing: [] },
    liveVersions: i % 5 === 0 ? ['v1', 'v2'] : ['v1'],
  };
}

export function inventoryModel(i: number) {
  return {
    ...fleetModel(i),
    tags: { domain: ['lending', 'fraud', 'marketing'][i % 3]!, region: ['eu', 'us'][i % 2]! },
    riskTier: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
    links: {},
    lifecycle: { status: 'production', changedBy: 'cli', changedAt: iso(86_400_000) },
    features: [],
    createdAt: iso(86_400_000 * 30),
    updatedAt: iso(86_400_000),
    archivedAt: null,
    schemaVersion: 1,
  };
}

export function featureDrift(j: number): S['FeatureDrift'] {
  const statistic = (j % 23) / 100;
  return {
    name: `feature_${String(j).padStart(3, '0')}`,
    method: 'wasserstein',
    statistic,
    pValue: null,
    threshold: 0.1,
    noisePValue: 0.001,
    alpha: 0.01,
    practical: statistic >= 0.1,
    drifted: statistic >= 0.1,
    status: 'ok',
    type: 'numerical',
    measures: null,
  };
}

export function evaluations(count: number) {
  return Array.from({ length: count }, (_, k) => ({
    window: window(k * 60_000),
    evaluatedAt: iso(k * 60_000),
    referenceId: 1,
    status: STATUSES[k % 3]!,
    statusReason: 'judged',
    datasetDriftShare: (k % 10) / 10,
    driftedFeatures: k % 20,
    labelCoverage: 0.5,
    volume: { events: 5000 + k, expected: 5000, ratio: 1, basis: 'previous_week' },
    headline: {
      metric: 'accuracy',
      higherIsBetter: true,
      reference: 0.85,
      realized: 0.8,
      estimated: 0.82,
      judgedOn: 'realized',
      drop: 0.05,
      dropLowerBound: 0.01,
      alpha: 0.01,
    },
    incomplete: null,
    outcomeValue: null,
  }));
}

export function statistic(feature: string) {
  return {
    feature,
    window: '5m',
    method: 'wasserstein',
    more: false,
    points: Array.from({ length: 60 }, (_, k) => ({
      windowEnd: iso((60 - k) * 60_000),
      evaluatedAt: iso((60 - k) * 60_000),
      method: 'wasserstein',
      statistic: 0.05 + (k % 7) / 50,
      threshold: 0.1,
      drifted: false,
      noisePValue: 0.2,
      status: 'ok',
    })),
  };
}

const head = {
  modelId: 'model-0000',
  window: window(0),
  evaluatedAt: iso(0),
  reference: { id: 1, version: 1 },
  status: 'drifting',
  incomplete: null,
};

/** The answer to one GET, by path and query; null for what the API would refuse (a window it does not have). */
export function answer(path: string, query: URLSearchParams): unknown {
  const features = Array.from({ length: FEATURES }, (_, j) => featureDrift(j));
  const page = <T>(items: T[]) => {
    const start = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    const end = start + limit;
    return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
  };
  if (path === '/v1/sessions/current')
    return {
      id: 's',
      keyId: 'bench',
      scopes: ['admin'],
      models: null,
      expiresAt: iso(-3_600_000),
      csrfToken: 'x',
    };
  if (path === '/v1/fleet') {
    const { items, nextCursor } = page(Array.from({ length: MODELS }, (_, i) => fleetModel(i)));
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, MODELS / 6]));
    return {
      generatedAt: iso(0),
      statusWindow: '5m',
      windows: ['5m', '1h'],
      kpis: {
        models: MODELS,
        healthyShare: 0.5,
        withOutcomesLast7DaysShare: 0.9,
        silent: 10,
        functioning: { yes: 900, no: 50, unknown: 50 },
        value: {},
        byStatus,
      },
      models: items,
      nextCursor,
    };
  }
  if (path === '/v1/models') return page(Array.from({ length: MODELS }, (_, i) => inventoryModel(i)));
  if (path === '/v1/models/model-0000') return inventoryModel(0);
  if (path.endsWith('/evaluations')) {
    if (!['5m', '1h', null].includes(query.get('window'))) return null;
    return page(evaluations(200));
  }
  if (path.endsWith('/drift')) {
    return {
      ...head,
      datasetDrift: {
        share: 0.5,
        drifted: true,
        threshold: 0.5,
        driftedFeatures: 100,
        evaluatedFeatures: FEATURES,
        alpha: 0.01,
        featureLevel: 0.001,
      },
      features,
      prediction: featureDrift(999),
      score: null,
    };
  }
  if (path.endsWith('/quality')) {
    const rows = features.map((f) => ({
      name: f.name,
      type: 'numerical',
      rows: 5000,
      missing: 5,
      missingShare: 0.001,
      outOfRangeShare: 0.01,
      unseenCategoryShare: null,
      approximate: true,
    }));
    return { ...head, rows: 5000, rejected: 0, features: rows };
  }
  if (path.endsWith('/reference'))
    return {
      id: 1,
      modelId: 'model-0000',
      version: 1,
      createdAt: iso(0),
      createdBy: 'cli',
      source: 'rows',
      range: null,
      rows: 10000,
      rejected: 0,
      labelled: 10000,
      features: [],
      prediction: null,
      score: null,
      cbpe: null,
      performance: null,
      multivariate: null,
    };
  if (path.endsWith('/audit')) return { items: [], nextCursor: null };
  const feature = /\/features\/([^/]+)\/statistic$/.exec(path);
  if (feature) return statistic(decodeURIComponent(feature[1]!));
  return null;
}
