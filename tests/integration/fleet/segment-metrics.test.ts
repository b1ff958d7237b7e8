// The per segment value gauges on /metrics (src/modules/fleet/segment-metrics.ts): each model's
// newest stored round of the status window, segment slices only, models not archived, worst
// first and at most MAX_SEGMENT_SERIES values per scrape; `promtool check metrics` accepts them.
// The fleet's entries name the worst values of the same round (fleet.inputs.ts).
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationEnv, minuteEnd, type EvaluationEnv } from '../../helpers/evaluation-env.js';

const PROMTOOL = '/usr/bin/promtool';
let env: EvaluationEnv;
const end = minuteEnd(1);

/** A stored slice evaluation with what the gauges read: status, events, dataset drift share. */
async function stored(model: string, slice: string, status: string, share: number, windowEnd = end) {
  const result = { modelId: model, status, evaluation: { datasetDrift: { share } } };
  await env.db.pool.query(
    `INSERT INTO slice_evaluations (model_id, window_name, slice, window_end, status, events, evaluated_at, result)
     VALUES ($1, '5m', $2, $3, $4, 100, now(), $5)`,
    [model, slice, new Date(windowEnd), status, JSON.stringify(result)],
  );
}

beforeAll(async () => {
  env = await evaluationEnv({ MAX_SEGMENT_SERIES: '4', EVALUATION_WINDOWS: '5m,1h' }, 'api');
  for (const id of ['alpha', 'beta', 'gone'])
    await env.db.pool.query(
      `INSERT INTO models (id, name, task, spec, archived_at)
       VALUES ($1, $1, 'regression', '{}'::jsonb, CASE WHEN $1 = 'gone' THEN now() END)`,
      [id],
    );
  await stored('alpha', 'segment:country=DE', 'drifting', 0.8);
  await stored('alpha', 'segment:country=FR', 'healthy', 0.1);
  await stored('alpha', 'segment:country=__other__', 'healthy', 0);
  // Not in alpha's newest round (a value since ranked out of a lowered cap), and not a segment.
  await stored('alpha', 'segment:country=XX', 'degraded', 1, end - 60_000);
  await stored('alpha', 'version:v2', 'degraded', 1);
  await stored('beta', 'segment:channel=web', 'degraded', 0.2);
  await stored('beta', 'segment:channel=app', 'healthy', 0);
  await stored('gone', 'segment:country=DE', 'drifting', 1);
});

afterAll(() => env?.close());

const scrape = async () => (await env.t.request(null, { method: 'GET', url: '/metrics' })).body;

/** The samples of one metric: labels as one string, and the value. */
function samples(text: string, name: string): [string, number][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const [labels, value] = line.slice(name.length).split(/ (?=[^ ]+$)/);
      return [labels!.replace(/,?role="[^"]*"/, ''), Number(value)];
    });
}

describe('segment gauges', () => {
  it('export the newest round of segment values, worst first, at most MAX_SEGMENT_SERIES', async () => {
    const text = await scrape();
    expect(samples(text, 'modelwatch_segment_status')).toEqual([
      ['{model="beta",segment="channel:web",status="degraded"}', 1],
      ['{model="alpha",segment="country:DE",status="drifting"}', 1],
      ['{model="alpha",segment="country:FR",status="healthy"}', 1],
      ['{model="alpha",segment="country:__other__",status="healthy"}', 1],
    ]);
    expect(samples(text, 'modelwatch_segment_dataset_drift_share')).toEqual([
      ['{model="beta",segment="channel:web"}', 0.2],
      ['{model="alpha",segment="country:DE"}', 0.8],
      ['{model="alpha",segment="country:FR"}', 0.1],
      ['{model="alpha",segment="country:__other__"}', 0],
    ]);
    expect(samples(text, 'modelwatch_segment_window_events')).toHaveLength(4);
    // beta's channel=app is the one the cap left out.
    expect(text).toMatch(/^modelwatch_segment_values_omitted(\{[^}]*\})? 1$/m);
    expect(text).toMatch(/# HELP modelwatch_segment_status .*Capped: at most maxValues \+ 1 values per/);
  });

  it('pass `promtool check metrics`', async () => {
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: await scrape(), encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('fleet entries', () => {
  it('name the values of the newest round that are not healthy, worst first', async () => {
    await stored('beta', 'segment:channel=mobile', 'drifting', 0.9);
    await stored('beta', 'segment:channel=kiosk', 'insufficient_data', 1);
    await stored('beta', 'segment:channel=tablet', 'silent', 0);
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/fleet' });
    expect(res.statusCode, res.body).toBe(200);
    const worst = Object.fromEntries(
      res
        .json<{ models: { id: string; worstSegments: unknown }[] }>()
        .models.map((m) => [m.id, m.worstSegments]),
    );
    expect(worst).toEqual({
      alpha: [{ segment: 'country:DE', status: 'drifting' }],
      beta: [
        { segment: 'channel:web', status: 'degraded' },
        { segment: 'channel:mobile', status: 'drifting' },
        { segment: 'channel:tablet', status: 'silent' },
      ], // at most three: kiosk (insufficient data) is left out
    });
  });
});
