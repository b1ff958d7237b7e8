/**
 * GET /v1/fleet, key scoping of the read routes, and the model gauges on /metrics: names and
 * labels as issue 4 lists them, values from the latest evaluations, at most MAX_FEATURE_SERIES
 * features per model and window, one process kind exporting them, and `promtool check metrics`
 * (Debian's prometheus package) accepting our series.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MODEL_STATUSES } from '../../../src/modules/evaluation/evaluation.schemas.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { createContainer } from '../../../src/container.js';
import { createLogger } from '../../../src/lib/logger.js';
import type { StoredEvaluation } from '../../../src/modules/evaluation/evaluation.schemas.js';
import type { Fleet } from '../../../src/modules/fleet/fleet.schemas.js';
import { createApiKey } from '../../helpers/api-keys.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';
import { expectProblem } from '../../helpers/problem.js';
import { testRedisUrl } from '../../helpers/redis.js';

const PROMTOOL = '/usr/bin/promtool';
const MODEL_GAUGES = [
  ['modelwatch_feature_drift_score', ['model', 'feature', 'method', 'window']],
  ['modelwatch_feature_drift_detected', ['model', 'feature', 'method', 'window']],
  ['modelwatch_dataset_drift_share', ['model', 'window']],
  ['modelwatch_prediction_drift_score', ['model', 'method', 'window']],
  ['modelwatch_performance', ['model', 'metric', 'window', 'kind']],
  ['modelwatch_label_coverage_ratio', ['model', 'window']],
  ['modelwatch_window_events', ['model', 'window']],
  ['modelwatch_last_event_timestamp_seconds', ['model']],
  ['modelwatch_evaluation_timestamp_seconds', ['model', 'window']],
  ['modelwatch_model_status', ['model', 'status']],
] as const;

const spec = generatedSpec();
let env: EvaluationEnv;
const evaluations = new Map<string, StoredEvaluation>();

beforeAll(async () => {
  env = await evaluationEnv(
    { EVALUATION_WINDOWS: '5m,1h', MAX_FEATURE_SERIES: '3', MODEL_METRICS_REFRESH_SECONDS: '1' },
    'api',
  );
  const end = minuteEnd();
  for (const [modelId, drifted, withOutcomes] of [
    ['alpha', true, true],
    ['beta', false, false],
  ] as const) {
    await putModel(env.t, modelId, spec);
    const reference = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: `/v1/models/${modelId}/reference`,
      payload: { rows: generatedRows(1500, false, 21).map((r) => referenceRow(spec, r)) },
    });
    expect(reference.statusCode, reference.body).toBe(201);
    const rows = generatedRows(400, drifted, 22).map((r) => (withOutcomes ? r : { ...r, actual: null }));
    await postRows(env.t, modelId, spec, rows, {
      fromMs: end - 4 * 60_000,
      toMs: end - 60_000,
      prefix: modelId,
    });
    for (const window of ['5m', '1h']) {
      const e = await env.t.container.evaluations.evaluateWindow(modelId, window, new Date(end));
      evaluations.set(`${modelId}/${window}`, e!);
    }
  }
  await putModel(env.t, 'gamma', spec); // never evaluated: unknown
});
afterAll(() => env.close());

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Series[] {
  return text.split('\n').flatMap((line) => {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

const scrape = async () => (await env.t.request(null, { method: 'GET', url: '/metrics' })).body;

describe('GET /v1/fleet', () => {
  it('lists every model with status and headline, and the KPIs', async () => {
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' });
    expect(res.statusCode, res.body).toBe(200);
    const fleet = res.json<Fleet>();
    expect(fleet.statusWindow).toBe('5m');
    expect(fleet.models.map((m) => [m.id, m.status])).toEqual([
      ['alpha', evaluations.get('alpha/5m')!.status],
      ['beta', evaluations.get('beta/5m')!.status],
      ['gamma', 'unknown'],
    ]);
    const alpha = fleet.models[0]!;
    const e = evaluations.get('alpha/5m')!;
    expect(alpha.driftedFeatures).toBe(e.evaluation!.datasetDrift.driftedFeatures);
    expect(alpha.labelCoverage).toBe(e.evaluation!.performance!.realized!.coverage);
    expect(alpha.headline).toEqual({ metric: 'accuracy', value: e.headline!.realized, kind: 'realized' });
    expect(alpha.lastEventAt).toBe(e.lastEventAt);
    // Both ways at once, for the console's fleet table, and the volume against what was expected.
    expect(alpha.performance).toEqual({
      metric: 'accuracy',
      realized: e.headline!.realized,
      estimated: e.headline!.estimated,
    });
    expect(alpha.volume).toEqual(e.volume);
    expect(fleet.models[2]!.performance).toBeNull(); // gamma: not evaluated
    expect(fleet.windows).toEqual(env.t.container.config.EVALUATION_WINDOWS.map((w) => w.name));
    expect(fleet.models[1]!.headline).toEqual({
      metric: 'accuracy',
      value: evaluations.get('beta/5m')!.headline!.estimated,
      kind: 'estimated',
    });
    const healthy = fleet.models.filter((m) => m.status === 'healthy').length;
    expect(fleet.kpis).toMatchObject({
      models: 3,
      healthyShare: healthy / 3,
      withOutcomesLast7DaysShare: 1 / 3,
      silent: 0,
    });
    expect(Object.values(fleet.kpis.byStatus).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('pages its model list (issue 8, bounded replies); the KPIs stay over every model', async () => {
    const seen: string[] = [];
    let url: string | null = '/v1/fleet?limit=2';
    while (url !== null) {
      const res = await env.t.request(env.t.adminKey, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Fleet>();
      expect(page.models.length).toBeLessThanOrEqual(2);
      expect(page.kpis.models).toBe(3);
      seen.push(...page.models.map((m) => m.id));
      url = page.nextCursor === null ? null : `/v1/fleet?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(['alpha', 'beta', 'gamma']);
    expectProblem(await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet?cursor=nope' }), 400);
    expectProblem(await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet?limit=5000' }), 400);
  });

  it('a key limited to one model sees only it, and 404 for the others', async () => {
    const key = await createApiKey(env.t, { scopes: ['read'], models: ['alpha'] });
    const fleet = (await env.t.request(key.key, { method: 'GET', url: '/v1/fleet' })).json<Fleet>();
    expect(fleet.models.map((m) => m.id)).toEqual(['alpha']);
    expect(fleet.kpis.models).toBe(1);
    for (const path of ['drift?window=5m', 'performance?window=1h', 'quality', 'evaluations', 'reference']) {
      expectProblem(await env.t.request(key.key, { method: 'GET', url: `/v1/models/beta/${path}` }), 404);
      const own = await env.t.request(key.key, { method: 'GET', url: `/v1/models/alpha/${path}` });
      expect(own.statusCode, `${path}: ${own.body}`).toBe(200);
    }
    expectProblem(await env.t.request(null, { method: 'GET', url: '/v1/fleet' }), 401);
  });
});

describe('model gauges on /metrics', () => {
  it('carry the listed names and labels, with values from the latest evaluations', async () => {
    const series = parseExposition(await scrape());
    for (const [name, labels] of MODEL_GAUGES) {
      const found = series.filter((s) => s.name === name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const s of found)
        expect(
          Object.keys(s.labels)
            .filter((l) => l !== 'role')
            .sort(),
          name,
        ).toEqual([...labels].sort());
    }
    const value = (name: string, labels: Record<string, string>) =>
      series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    const e = evaluations.get('alpha/1h')!;
    expect(value('modelwatch_dataset_drift_share', { model: 'alpha', window: '1h' })).toBe(
      e.evaluation!.datasetDrift.share,
    );
    expect(value('modelwatch_window_events', { model: 'alpha', window: '1h' })).toBe(400);
    expect(value('modelwatch_label_coverage_ratio', { model: 'beta', window: '1h' })).toBe(0);
    expect(
      value('modelwatch_performance', { model: 'alpha', window: '1h', metric: 'rocAuc', kind: 'realized' }),
    ).toBe((e.evaluation!.performance!.realized!.metrics as Record<string, number>).rocAuc);
    expect(
      value('modelwatch_performance', { model: 'beta', window: '1h', metric: 'accuracy', kind: 'estimated' }),
    ).toBe(evaluations.get('beta/1h')!.evaluation!.performance!.estimated!.metrics.accuracy);
    const status = series.filter((s) => s.name === 'modelwatch_model_status' && s.labels.model === 'alpha');
    expect(status.map((s) => [s.labels.status, s.value]).filter(([, v]) => v === 1)).toEqual([
      [evaluations.get('alpha/5m')!.status, 1],
    ]);
    expect(status).toHaveLength(MODEL_STATUSES.length); // one series per status, 1 for the current
  });

  it('export at most MAX_FEATURE_SERIES features per model and window, drifted ones first', async () => {
    const series = parseExposition(await scrape()).filter(
      (s) => s.name === 'modelwatch_feature_drift_detected',
    );
    const e = evaluations.get('alpha/1h')!.evaluation!;
    const drifted = e.features.filter((f) => f.drifted === true).map((f) => f.name);
    expect(drifted.length).toBeGreaterThanOrEqual(3);
    const alpha1h = series.filter((s) => s.labels.model === 'alpha' && s.labels.window === '1h');
    expect(alpha1h.map((s) => s.labels.feature)).toEqual(drifted.slice(0, 3));
    expect(alpha1h.every((s) => s.value === 1)).toBe(true);
  });

  it('follow new evaluations after the refresh interval', async () => {
    await env.t.container.evaluations.evaluateWindow('gamma', '5m', new Date(minuteEnd()));
    await new Promise((r) => setTimeout(r, 1100));
    const series = parseExposition(await scrape());
    expect(
      series.find(
        (s) =>
          s.name === 'modelwatch_model_status' && s.labels.model === 'gamma' && s.labels.status === 'unknown',
      )?.value,
    ).toBe(1);
  });

  it('pass `promtool check metrics`, the Node.js process metrics too', async () => {
    // Issue 9: prom-client's gauges nodejs_active_{handles,requests,resources}_total made promtool
    // exit 3 ("non-counter metrics should not have _total suffix").
    expect(existsSync(PROMTOOL), `${PROMTOOL} is missing: install Debian's prometheus package`).toBe(true);
    const all = await scrape();
    expect(all).toContain('modelwatch_model_status');
    expect(all).toContain('modelwatch_nodejs_active_handles');
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: all, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('come from one kind of process only (EXPORT_MODEL_METRICS)', async () => {
    const gaugesOf = async (role: 'api' | 'worker', exportFrom: string) => {
      const parsed = parseConfig({ LOG_LEVEL: 'silent', EXPORT_MODEL_METRICS: exportFrom });
      if (!parsed.ok) throw new Error(parsed.problems.join());
      const container = createContainer(
        parsed.config,
        role,
        { databaseUrl: env.db.url, redisUrl: testRedisUrl() },
        createLogger('silent'),
      );
      try {
        return (await container.metrics.registry.metrics()).includes('# TYPE modelwatch_model_status gauge');
      } finally {
        await container.close();
      }
    };
    expect(await gaugesOf('api', 'api')).toBe(true);
    expect(await gaugesOf('worker', 'api')).toBe(false);
    expect(await gaugesOf('worker', 'worker')).toBe(true);
    expect(await gaugesOf('api', 'worker')).toBe(false);
    expect(await gaugesOf('api', 'none')).toBe(false);
  });
});
