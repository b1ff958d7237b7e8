/**
 * The evidence export (src/modules/evidence, docs/inventory.md#evidence-export) of a scripted
 * model (tests/helpers/evidence-world.ts): every number in the record is the one the API gives
 * for the same period; the record validates against its schema and carries a digest of its
 * canonical JSON; a tampered audit row shows in its chain verification; the HTML page is
 * self-contained and escaped; `modelwatch evidence` writes both files.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSha256 } from '../../../src/lib/canonical-json.js';
import { evidenceSchema, type Evidence } from '../../../src/modules/evidence/evidence.schemas.js';
import { fmt } from '../../../src/modules/evidence/html.js';
import { createEvidence } from '../../../src/modules/evidence/evidence.wiring.js';
import { ALERTING_TEST_ENV, evaluate } from '../../helpers/alerting.js';
import { snapshot } from '../../helpers/evaluation-snapshot.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildEvidenceWorld, HOSTILE, MODEL } from '../../helpers/evidence-world.js';
import { startReceiver, type LocalReceiver } from '../../helpers/local-receiver.js';
import { expectProblem } from '../../helpers/problem.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { TEST_SECRETS_KEY } from '../../helpers/secrets.js';
import { expectDaysMatchApi } from '../../helpers/evidence-days.js';

let db: TestDatabase;
let t: TestApp;
let receiver: LocalReceiver;
let period: { from: string; to: string };
let record: Evidence;
let alertId: string;

const query = () => `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
async function api<T>(url: string, key = t.adminKey): Promise<T> {
  const res = await t.request(key, { method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}
const exportEvidence = () => api<Evidence>(`/v1/models/${MODEL}/evidence?${query()}`);
const inPeriod = (at: string) => at >= period.from && at < period.to;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { ...ALERTING_TEST_ENV, EVALUATION_WINDOWS: '5m,1h' },
  });
  receiver = await startReceiver();
  const world = await buildEvidenceWorld(t, receiver);
  alertId = world.alertId;
  period = { from: world.from.toISOString(), to: new Date(Date.now() + 10 * 60_000).toISOString() };
  record = await exportEvidence();
}, 120_000);
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe('the evidence record', () => {
  it('validates against its schema, and its digest is the sha256 of its canonical JSON', () => {
    // No JSON Schema validator is a dependency: the zod schema docs/evidence.schema.json is made from checks it.
    expect(() => evidenceSchema.parse(record)).not.toThrow();
    expect(record.schemaVersion).toBe(1);
    expect(record.period).toEqual(period);
    const { digest, ...rest } = record;
    expect(digest).toEqual({ algorithm: 'sha256', value: canonicalSha256(rest) });
    expect(canonicalSha256({ ...rest, modelId: 'other' })).not.toBe(digest.value);
  });

  it('holds the inventory as it was at both ends of the period', async () => {
    expect(record.inventory.atTo).toEqual(await api(`/v1/models/${MODEL}`));
    const then = await api<{ items: unknown[] }>(`/v1/models?asOf=${encodeURIComponent(period.from)}`);
    expect(record.inventory.atFrom).toEqual(then.items[0]);
    expect(record.inventory.atFrom!.lifecycle.status).toBe('development');
    expect(record.inventory.atTo!.lifecycle.status).toBe('validation');
    expect(record.driftSettings.find((d) => d.feature === 'age')).toMatchObject({ threshold: 0.25 });
  });

  it('holds the reference in force, fingerprinted over its stored bytes', async () => {
    const current = await api<Record<string, unknown>>(`/v1/models/${MODEL}/reference`);
    expect(record.references).toHaveLength(1);
    const [ref] = record.references;
    const { id, version, source, range, rows, labelled, createdAt, createdBy } = current;
    expect(ref).toMatchObject({ id, version, source, range, rows, labelled, createdAt, createdBy });
    expect(ref!.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await exportEvidence()).references[0]!.fingerprint).toBe(ref!.fingerprint);
    // One stored summary byte changed changes the fingerprint.
    const flip = `UPDATE reference_summaries SET bytes = set_byte(bytes, 0, 255 - get_byte(bytes, 0))
                   WHERE reference_id = $1 AND key = (SELECT min(key) FROM reference_summaries WHERE reference_id = $1)`;
    await db.pool.query(flip, [id]);
    try {
      expect((await exportEvidence()).references[0]!.fingerprint).not.toBe(ref!.fingerprint);
    } finally {
      await db.pool.query(flip, [id]);
    }
  });

  it('holds the rules that select the model, as the rules route gives them', async () => {
    const { items } = await api<{ items: Evidence['rules']['items'] }>('/v1/alert-rules?limit=500');
    const selecting = items.filter((r) =>
      r.models.match === 'models' ? r.models.models.includes(MODEL) : !r.models.exclude.includes(MODEL),
    );
    expect(record.rules.items).toEqual(selecting);
    expect(record.rules.items.map((r) => r.id)).toContain('age-drift');
    expect(record.rules.withheld).toBe(0);
  });

  it('summarises the evaluations per UTC day and window as the evaluations route lists them', async () => {
    await expectDaysMatchApi(record, (url) => api(url), query());
    const total = record.evaluations.days.reduce((n, d) => n + d.evaluations, 0);
    expect(total).toBeGreaterThanOrEqual(6); // three window ends in the period, two windows
  });

  it('holds every alert of the period with its transitions, acknowledgements and deliveries', async () => {
    const { items } = await api<{ items: { id: string }[] }>(`/v1/alerts?model=${MODEL}`);
    expect(record.alerts.map((a) => a.id)).toEqual(items.map((a) => a.id).sort());
    const [alert] = record.alerts;
    const detail = await api<
      Record<string, unknown> & { transitions: unknown[]; acknowledgements: unknown[] }
    >(`/v1/alerts/${alertId}`);
    expect(alert).toMatchObject({
      id: alertId,
      ruleId: detail.ruleId,
      severity: detail.severity,
      threshold: detail.threshold,
      state: detail.state,
    });
    const episodes = alert!.episodes;
    expect(episodes.flatMap((e) => e.transitions)).toEqual([...detail.transitions].reverse());
    expect(episodes.flatMap((e) => e.acknowledgements)).toEqual([...detail.acknowledgements].reverse());
    const deliveries = await api<{ items: unknown[] }>(`/v1/alerts/${alertId}/deliveries`);
    expect(episodes.flatMap((e) => e.deliveries)).toEqual([...deliveries.items].reverse());
    expect(episodes.flatMap((e) => e.deliveries).map((d) => d.status)).toEqual(['firing', 'resolved']);
  });

  it("holds the model's audit entries of the period and the chain's verification", async () => {
    const { items } = await api<{ items: { at: string }[] }>(`/v1/models/${MODEL}/audit?limit=500`);
    const expected = items.filter((e) => inPeriod(e.at)).reverse();
    expect(record.audit.entries.map(({ hash: _h, ...e }) => e)).toEqual(expected);
    expect(record.audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['replaced', 'lifecycle_moved', 'reference_set', 'alert_acknowledged']),
    );
    expect(record.audit.entries.map((e) => e.action)).not.toContain('created');
    const all = await api<{ items: unknown[]; nextCursor: string | null }>('/v1/audit?limit=500');
    expect(all.nextCursor).toBeNull();
    expect(record.audit.chain).toMatchObject({ ok: true, entries: all.items.length, broken: null });
  });

  it('reports a tampered audit row as the first broken entry', async () => {
    const target = record.audit.entries[1]!;
    const { rows } = await db.pool.query<{ actor: string }>('SELECT actor FROM audit_log WHERE id = $1', [
      target.id,
    ]);
    await db.pool.query(`UPDATE audit_log SET actor = 'someone-else' WHERE id = $1`, [target.id]);
    try {
      const tampered = await exportEvidence();
      expect(tampered.audit.chain).toMatchObject({
        ok: false,
        broken: { id: target.id, reason: 'content changed' },
      });
      const html = (
        await t.request(t.adminKey, {
          method: 'GET',
          url: `/v1/models/${MODEL}/evidence?${query()}&format=html`,
        })
      ).body;
      expect(html).toContain(`BROKEN at entry ${target.id}: content changed`);
    } finally {
      await db.pool.query('UPDATE audit_log SET actor = $2 WHERE id = $1', [target.id, rows[0]!.actor]);
    }
    expect((await exportEvidence()).audit.chain.ok).toBe(true);
  });

  it('holds the response KPIs that GET /v1/fleet/response gives for the model and period', async () => {
    const report = await api<{ fleet: unknown; incidents: unknown[] }>(
      `/v1/fleet/response?${query()}&model=${MODEL}`,
    );
    expect(record.kpis.response).toEqual(report.fleet);
    expect(record.kpis.incidents).toEqual(report.incidents);
    expect(record.kpis.response).toMatchObject({
      incidents: 1,
      acknowledged: 1,
      resolved: 1,
      mttrSeconds: 119.999,
    });
    expect(record.kpis.response.mttaSeconds).toBeGreaterThan(0);
  });
});

describe('the evidence page', () => {
  it('is the record as self-contained, escaped HTML, for format=html or Accept: text/html', async () => {
    const byFormat = await t.request(t.adminKey, {
      method: 'GET',
      url: `/v1/models/${MODEL}/evidence?${query()}&format=html`,
    });
    const byAccept = await t.request(t.adminKey, {
      method: 'GET',
      url: `/v1/models/${MODEL}/evidence?${query()}`,
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9' },
    });
    for (const res of [byFormat, byAccept]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    const html = byFormat.body;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(HOSTILE).toContain('<script>');
    expect(html).toContain('looking &lt;b&gt;now&lt;/b&gt;');
    const k = record.kpis.response;
    for (const [label, value] of [
      ['incidents', k.incidents],
      ['MTTA (s)', k.mttaSeconds],
      ['MTTR (s)', k.mttrSeconds],
    ] as const) {
      expect(html).toContain(`<th>${label}</th><td>${fmt(value)}</td>`);
    }
    for (const d of record.evaluations.days.filter((x) => x.evaluations > 0)) {
      expect(html).toContain(`<td>${d.day}</td><td>${d.window}</td><td>${d.evaluations}</td>`);
    }
    expect(html).toContain(record.references[0]!.fingerprint);
    expect(html).toContain(record.audit.chain.head!);
  });
});

describe('GET /v1/models/{modelId}/evidence refuses', () => {
  const get = (url: string, key = t.adminKey) => t.request(key, { method: 'GET', url });

  it('a period longer than 366 days, or one that ends before it starts, pointing at from', async () => {
    for (const q of [
      'from=2020-01-01T00:00:00Z',
      `from=${period.to}&to=${period.from}`,
      'from=2999-01-01T00:00:00Z',
    ]) {
      const problem = expectProblem(await get(`/v1/models/${MODEL}/evidence?${q}`), 400);
      expect(problem.errors?.[0]?.pointer, q).toBe('/from');
    }
  });

  it('an unknown model, and a model a limited key may not see, alike', async () => {
    const { key } = await createApiKey(t, { scopes: ['read'], models: ['other-model'] });
    const missing = expectProblem(await get('/v1/models/no-such-model/evidence'), 404);
    const hidden = expectProblem(await get(`/v1/models/${MODEL}/evidence`, key), 404);
    expect(hidden.detail).toBe(missing.detail.replace('no-such-model', MODEL));
  });

  it('fleet-wide rules to a key limited to the model: counted, not shown', async () => {
    const { key } = await createApiKey(t, { scopes: ['read'], models: [MODEL] });
    const limited = await api<Evidence>(`/v1/models/${MODEL}/evidence?${query()}`, key);
    expect(limited.rules.items.map((r) => r.id)).toEqual(['age-drift']);
    expect(limited.rules.withheld).toBe(record.rules.items.length - 1);
  });
});

describe('modelwatch evidence', () => {
  const run = (args: string[]) =>
    promisify(execFile)('node', ['--import', 'tsx', 'src/cli.ts', 'evidence', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        SECRETS_KEY: TEST_SECRETS_KEY,
        LOG_LEVEL: 'warn',
        EVALUATION_WINDOWS: '5m,1h',
      },
    }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );

  it('writes evidence.json and evidence.html, with the numbers of the API', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-evidence-'));
    try {
      const out = join(dir, 'review');
      const res = await run(['--model', MODEL, '--from', period.from, '--to', period.to, '--out', out]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(join(out, 'evidence.json'));
      const written = evidenceSchema.parse(JSON.parse(await readFile(join(out, 'evidence.json'), 'utf8')));
      const { generatedAt: _g, rules, digest: _d, ...same } = written;
      const { generatedAt: _g2, rules: apiRules, digest: _d2, ...expected } = await exportEvidence();
      expect(same).toEqual(expected);
      expect(rules.items).toEqual(apiRules.items);
      const html = await readFile(join(out, 'evidence.html'), 'utf8');
      expect(html).toContain(written.digest.value);
      expect(html).not.toMatch(/<script/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits non-zero saying why on an unknown model or bad dates', async () => {
    const unknown = await run(['--model', 'no-such-model', '--out', tmpdir()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Model "no-such-model" not found.');
    const bad = await run(['--model', MODEL, '--from', 'yesterday', '--out', tmpdir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from "yesterday" is not an RFC 3339 date-time');
    const reversed = await run([
      '--model',
      MODEL,
      '--from',
      period.to,
      '--to',
      period.from,
      '--out',
      tmpdir(),
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('from: must be before to');
  }, 60_000);
});

// Last in the file: it adds an episode to the model's alert.
describe('a record of a flapping alert', () => {
  it('lists at most maxEpisodes episodes, the latest, and counts those left out', async () => {
    const at = (seconds: number) => new Date(Date.parse(period.from) + seconds * 1000).toISOString();
    const observe = (seconds: number, age: number) =>
      evaluate(
        t,
        snapshot({
          modelId: MODEL,
          windowEnd: at(seconds),
          features: [
            { name: 'age', drifted: age >= 0.2, score: age, method: 'wasserstein' },
            { name: 'income', drifted: false, score: 0.01, method: 'wasserstein' },
          ],
        }),
      );
    expect((await observe(200, 0.5)).alerts[0]).toMatchObject({ state: 'firing' });
    expect((await observe(260, 0.05)).alerts[0]).toMatchObject({ state: 'resolved' });

    const whole = await exportEvidence();
    expect(whole.alertEpisodesOmitted).toBe(0);
    expect(whole.alerts.flatMap((a) => a.episodes.map((e) => e.episode))).toEqual([1, 2]);

    const capped = await createEvidence({
      pool: t.container.pool,
      models: t.container.models,
      windows: ['5m', '1h'],
      maxEpisodes: 1,
    }).export(MODEL, period, null);
    expect(capped.alertEpisodesOmitted).toBe(1);
    expect(capped.alerts.flatMap((a) => a.episodes)).toEqual([whole.alerts[0]!.episodes[1]]);
  });
});
