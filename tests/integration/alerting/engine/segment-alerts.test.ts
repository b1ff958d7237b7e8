// Rules that target segments (src/modules/alerting/README.md "Segments"): a model declaring
// `country`, traffic in which only DE drifts, the scheduled evaluation run by the evaluate
// processor (which stores each value's evaluation, then hands both kinds to the rules engine).
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFingerprint } from '../../../../src/modules/alerting/alerts/identity.js';
import { ALERTING_TEST_ENV, disableDefaultRules, put } from '../../../helpers/alerting.js';
import { evaluationEnv, minuteEnd, putModel, type EvaluationEnv } from '../../../helpers/evaluation-env.js';
import { expectProblem } from '../../../helpers/problem.js';
import { seededRandom } from '../../../helpers/random.js';

const MODEL = 'shop';
const SEGMENT_RULE = {
  condition: { kind: 'dataset_drift_share' },
  comparator: '>=',
  threshold: 0.5,
  window: '1h',
  for: 1,
  resolve: { after: 1 },
  segments: { key: 'country' },
  annotations: { summary: '{{model}} drifted in {{segment}}' },
};
const WHOLE_RULE = { ...SEGMENT_RULE, segments: undefined, annotations: { summary: '{{model}} drifted' } };

let env: EvaluationEnv;
const end = minuteEnd(0);
const driftedEnd = end - 60 * 60_000;

/** Rows of features a and b: N(shift, 1) each, as the JSON of a reference row or an event. */
function rows(n: number, shift: number, seed: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const a = rng.normal() + shift;
    const score = 1 / (1 + Math.exp(-a));
    return { features: { a, b: rng.normal() + shift }, prediction: score >= 0.5 ? '1' : '0', score };
  });
}

/** Posts events of one country spread over [fromMs, toMs) and folds them as the fold job would. */
async function post(country: string, shift: number, seed: number, fromMs: number, toMs: number) {
  const batch = rows(400, shift, seed).map((row, i) => ({
    ...row,
    predictionId: `${country}-${seed}-${i}`,
    timestamp: Math.floor(fromMs + (i * (toMs - fromMs)) / 400),
    // Two versions live: their slices are stored beside the segments' and must not read as ones.
    modelVersion: i % 2 === 0 ? 'v1' : 'v2',
    segments: { country },
  }));
  const res = await env.t.request(env.t.adminKey, {
    method: 'POST',
    url: `/v1/models/${MODEL}/predictions`,
    payload: { events: batch },
  });
  expect(res.statusCode, res.body).toBe(202);
  for (const batchId of res.json<{ batchIds: number[] }>().batchIds)
    await env.t.container.folds.foldBatch({ batchId, modelId: MODEL, kind: 'predictions' });
}

/** The scheduled 1h evaluation ending at `windowEnd`, through the evaluate queue's processor. */
const evaluateWindow = (windowEnd: number) =>
  env.t.container.processors.evaluate!({
    id: 'test',
    data: { kind: 'window', modelId: MODEL, window: '1h', windowEnd },
  } as unknown as Job);

interface AlertBody {
  id: string;
  ruleId: string;
  state: string;
  value: number | null;
  segment: { key: string; value: string } | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

async function alertsOf(ruleId: string): Promise<AlertBody[]> {
  const res = await env.t.request(env.t.adminKey, { method: 'GET', url: `/v1/alerts?model=${MODEL}` });
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json<{ items: AlertBody[] }>()
    .items.filter((a) => a.ruleId === ruleId)
    .sort((x, y) => (x.segment?.value ?? '').localeCompare(y.segment?.value ?? ''));
}

const segmentId = (value: string) =>
  alertFingerprint('segment-drift', {
    model: MODEL,
    feature: null,
    segment: { key: 'country', value },
  });

beforeAll(async () => {
  env = await evaluationEnv(ALERTING_TEST_ENV);
  const { t } = env;
  await disableDefaultRules(t);
  await putModel(t, MODEL, {
    name: MODEL,
    task: 'binary_classification',
    features: [
      { name: 'a', type: 'numerical' },
      { name: 'b', type: 'numerical' },
    ],
    segments: [{ key: 'country', maxValues: 5 }],
  });
  const reference = await t.request(t.adminKey, {
    method: 'PUT',
    url: `/v1/models/${MODEL}/reference`,
    payload: { rows: rows(600, 0, 1) },
  });
  expect(reference.statusCode, reference.body).toBe(201);
  // The hour before driftedEnd: DE shifted by two standard deviations, FR and US as the reference.
  // The hour after: every country as the reference (DE recovered).
  const before = driftedEnd - 55 * 60_000;
  await post('DE', 2, 2, before, driftedEnd);
  await post('FR', 0, 3, before, driftedEnd);
  await post('US', 0, 4, before, driftedEnd);
  const now = Date.now() - 60_000;
  await post('DE', 0, 5, driftedEnd + 60_000, now);
  await post('FR', 0, 6, driftedEnd + 60_000, now);
  await post('US', 0, 7, driftedEnd + 60_000, now);
  // A default channel, so that every transition is decided for delivery (the outbox; no worker).
  await put(t, '/v1/channels/oncall', { type: 'webhook', url: 'http://127.0.0.1:9/hook', default: true });
  await put(t, '/v1/alert-rules/segment-drift', SEGMENT_RULE);
  await put(t, '/v1/alert-rules/whole-drift', WHOLE_RULE);
  await put(t, '/v1/alert-rules/every-key', { ...SEGMENT_RULE, segments: {} });
}, 120_000);

afterAll(() => env?.close());

describe('a rule that targets segments', () => {
  it('fires one alert, for the drifting value, with the segment in its labels and notification', async () => {
    await evaluateWindow(driftedEnd - 60_000);
    const { rows: slices } = await env.db.pool.query<{ slice: string }>(
      `SELECT slice FROM slice_evaluations WHERE model_id = $1 AND window_end = $2 ORDER BY slice`,
      [MODEL, new Date(driftedEnd - 60_000)],
    );
    expect(slices.map((r) => r.slice)).toEqual([
      'segment:country=DE',
      'segment:country=FR',
      'segment:country=US',
      'version:v1',
      'version:v2',
    ]);
    const alerts = await alertsOf('segment-drift');
    // One alert per value with events in the window (__other__ had none), each with its own id.
    expect(alerts.map((a) => [a.segment?.value, a.state, a.id])).toEqual([
      ['DE', 'firing', segmentId('DE')],
      ['FR', 'inactive', segmentId('FR')],
      ['US', 'inactive', segmentId('US')],
    ]);
    // Without a key, every declared key's values: the version slices are not segments.
    expect((await alertsOf('every-key')).map((a) => a.segment)).toEqual(
      ['DE', 'FR', 'US'].map((value) => ({ key: 'country', value })),
    );
    const de = alerts[0]!;
    expect(de.segment).toEqual({ key: 'country', value: 'DE' });
    expect(de.labels).toMatchObject({ model: MODEL, rule: 'segment-drift', segment: 'country:DE' });
    expect(de.annotations.summary).toBe('shop drifted in country:DE');

    const { rows: sent } = await env.db.pool.query<{ payload: { labels: Record<string, string> } }>(
      `SELECT payload FROM notifications WHERE alert_id = $1`,
      [de.id],
    );
    expect(sent.map((n) => n.payload.labels.segment)).toEqual(['country:DE']);

    // An alert's chart reads its value's stored evaluations, not the whole model's (in which
    // DE's drift shows too).
    const chart = async (id: string) => {
      const res = await env.t.request(env.t.adminKey, {
        method: 'GET',
        url: `/v1/alerts/${id}/values?from=${new Date(driftedEnd - 3_600_000).toISOString()}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ points: { value: number | null }[] }>().points.map((p) => p.value);
    };
    expect(await chart(de.id)).toEqual([de.value]);
    expect(await chart(segmentId('FR'))).toEqual([0]);
  });

  it('keeps its id across evaluations and resolves when the value recovers', async () => {
    await evaluateWindow(driftedEnd);
    expect((await alertsOf('segment-drift')).find((a) => a.segment?.value === 'DE')).toMatchObject({
      id: segmentId('DE'),
      state: 'firing',
    });
    await evaluateWindow(end);
    const after = await alertsOf('segment-drift');
    expect(after.map((a) => [a.segment?.value, a.state])).toEqual([
      ['DE', 'resolved'],
      ['FR', 'inactive'],
      ['US', 'inactive'],
    ]);
    expect(after[0]!.id).toBe(segmentId('DE'));
  });
});

describe('a rule without segments', () => {
  it('reads only the whole model, under the id it always had', async () => {
    const alerts = await alertsOf('whole-drift');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.segment).toBeNull();
    expect(alerts[0]!.labels).not.toHaveProperty('segment');
    expect(alerts[0]!.id).toBe(alertFingerprint('whole-drift', { model: MODEL, feature: null }));
  });
});

describe('editing the rule', () => {
  it('refuses a malformed segment key, naming the field', async () => {
    const res = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: '/v1/alert-rules/bad-segments',
      payload: { ...SEGMENT_RULE, segments: { key: 'country code' } },
    });
    expect(expectProblem(res, 400).errors?.map((e) => e.pointer)).toEqual(['/segments/key']);
  });

  it('a key no selected model declares matches nothing', async () => {
    await put(env.t, '/v1/alert-rules/channel-drift', { ...SEGMENT_RULE, segments: { key: 'channel' } });
    await evaluateWindow(end + 60_000);
    expect(await alertsOf('channel-drift')).toEqual([]);
  });

  it('dropping the segment scope retires the segment alerts', async () => {
    // A new rule has read no window end yet, so the drifted hour fires its DE alert.
    await put(env.t, '/v1/alert-rules/retired', SEGMENT_RULE);
    await evaluateWindow(driftedEnd);
    const id = alertFingerprint('retired', {
      model: MODEL,
      feature: null,
      segment: { key: 'country', value: 'DE' },
    });
    expect((await alertsOf('retired')).find((a) => a.id === id)?.state).toBe('firing');
    await put(env.t, '/v1/alert-rules/retired', { ...SEGMENT_RULE, segments: undefined });
    expect((await alertsOf('retired')).find((a) => a.id === id)?.state).toBe('resolved');
    const { rows } = await env.db.pool.query<{ reason: string }>(
      `SELECT reason FROM alert_transitions WHERE alert_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    );
    expect(rows[0]?.reason).toBe('rule_removed');
  });
});
