/**
 * Fault containment (issue 8): two models side by side, and the stored summaries of one of them
 * corrupted in place (an unknown format version, a bad checksum), as older data or a future bug
 * would leave them. The poisoned model's reads answer 200 and say what they lack, its evaluation
 * is stored with the reason, the bad rows are quarantined once (logged, counted) and never read
 * again; the clean model's evaluations, compaction and rollup go on untouched.
 */
import { Writable } from 'node:stream';
import type { Job } from 'bullmq';
import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type PoolClient } from '../../../src/lib/db.js';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { maintenanceStore } from '../../../src/modules/tiles/maintenance.store.js';
import { createQuarantine } from '../../../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../../../src/modules/tiles/quarantine.store.js';
import { createTileMaintenance } from '../../../src/modules/tiles/tiles.maintenance.js';
import {
  evaluationEnv,
  minuteEnd,
  postRows,
  putModel,
  referenceRow,
  type EvaluationEnv,
} from '../../helpers/evaluation-env.js';
import { generatedRows, generatedSpec } from '../../helpers/evaluation-model.js';

const spec = modelSpecSchema.parse({ ...generatedSpec(), name: 'side by side' });
const MINUTE = 60_000;
const HOUR = 3_600_000;
const end = minuteEnd();
const from = end - HOUR;
const POISONED = 'poisoned';
const CLEAN = 'clean';
const MODELS = [POISONED, CLEAN] as const;
/** Minute buckets of the base traffic where tiles get corrupted. */
const [B1, B2, B3] = [end - 40 * MINUTE, end - 30 * MINUTE, end - 20 * MINUTE];
const KEYS = {
  normal: 'numerical:feature:normal shift',
  scale: 'numerical:feature:scale change',
  region: 'categorical:feature:region',
};

let env: EvaluationEnv;
const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await env.db.pool.query(text, params)).rows as T[];
const get = (url: string) => env.t.request(env.t.adminKey, { method: 'GET', url });
const range = `from=${new Date(from).toISOString()}&to=${new Date(end).toISOString()}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Byte 0 of a framed summary is its format version, of a performance summary its kind, byte 1 its version. */
const FUTURE_VERSION = (byte: number) => `set_byte(bytes, ${byte}, 99)`;
/** Flips the last byte: the stored CRC-32 no longer matches. */
const BAD_CHECKSUM = 'set_byte(bytes, length(bytes) - 1, get_byte(bytes, length(bytes) - 1) # 255)';

async function corruptTile(bucketMs: number, key: string, expr: string): Promise<void> {
  const rows = await sql(
    `UPDATE tiles SET bytes = ${expr} WHERE model_id = $1 AND resolution = 60 AND bucket = $2 AND key = $3
     RETURNING key`,
    [POISONED, iso(bucketMs), key],
  );
  expect(rows).toHaveLength(1);
}

async function quarantinedCount(model: string): Promise<number> {
  const metric = env.t.container.metrics.registry.getSingleMetric('modelwatch_quarantined_summaries_total');
  expect(metric, 'the counter is registered').toBeDefined();
  const { values } = await metric!.get();
  return values.find((v) => v.labels.model === model)?.value ?? 0;
}

const eventsInTiles = async (model: string) =>
  Number(
    (
      await sql<{ n: string }>(
        `SELECT coalesce(sum(n), 0) AS n FROM tiles WHERE model_id = $1 AND key = 'events' AND resolution = 60`,
        [model],
      )
    )[0]!.n,
  );

interface Incomplete {
  reason: string;
  summaries: { source: string; key: string; from: string | null; to: string | null; reason: string }[];
  more: number;
}
const incompleteOf = (res: LightMyRequestResponse): Incomplete => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ incomplete: Incomplete }>().incomplete;
};

const posted = { [POISONED]: 0, [CLEAN]: 0 };

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}
/** A logger whose JSON lines land in `lines`. */
function capturedLog() {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    }),
  );
  return { log, lines };
}
const transaction = <T>(fn: (db: PoolClient) => Promise<T>) => withTransaction(env.db.pool, fn);

beforeAll(async () => {
  env = await evaluationEnv({ EVALUATION_WINDOWS: '5m,1h' });
  for (const [i, model] of MODELS.entries()) {
    await putModel(env.t, model, spec);
    const res = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: `/v1/models/${model}/reference`,
      payload: { rows: generatedRows(300, false, 10 + i).map((r) => referenceRow(spec, r)) },
    });
    expect(res.statusCode, res.body).toBe(201);
    // One event a minute-ish over 45 minutes: every corrupted bucket holds some.
    const base = await postRows(env.t, model, spec, generatedRows(450, false, 20 + i), {
      fromMs: end - 45 * MINUTE,
      toMs: end - 5 * MINUTE,
      prefix: `${model}-base`,
    });
    posted[model] += base.predictions;
  }
  await env.t.container.tileTasks.compactAll();
  // Later traffic in B1, still contributions when the tiles get corrupted.
  for (const [i, model] of MODELS.entries()) {
    const late = await postRows(env.t, model, spec, generatedRows(20, false, 30 + i), {
      fromMs: B1,
      toMs: B1 + MINUTE,
      prefix: `${model}-late`,
    });
    posted[model] += late.predictions;
  }

  await corruptTile(B1, KEYS.normal, FUTURE_VERSION(0)); // a compaction target: B1 has contributions
  await corruptTile(B2, KEYS.region, BAD_CHECKSUM); // found by the first read
  await corruptTile(B3, 'binary', FUTURE_VERSION(1)); // the performance summary
  const contributions = await sql(
    `UPDATE tile_contributions SET bytes = ${FUTURE_VERSION(0)}
     WHERE model_id = $1 AND key = $2 AND batch_id = (
       SELECT min(batch_id) FROM tile_contributions WHERE model_id = $1 AND key = $2)
     RETURNING batch_id`,
    [POISONED, KEYS.scale],
  );
  expect(contributions.length).toBeGreaterThan(0);
});
afterAll(() => env.close());

describe('a model whose stored summaries cannot be decoded', () => {
  it('does not stop compaction: every other model is compacted, the bad rows are quarantined', async () => {
    const report = await env.t.container.tileTasks.compactAll();
    expect(report).toMatchObject({ failed: [] });
    const left = await sql<{ model_id: string }>('SELECT DISTINCT model_id FROM tile_contributions');
    expect(left).toEqual([]);
    expect(await eventsInTiles(CLEAN)).toBe(posted[CLEAN]);
    expect(await eventsInTiles(POISONED)).toBe(posted[POISONED]);

    const quarantined = await sql<{ source: string; key: string; bucket: Date; reason: string }>(
      `SELECT source, key, bucket, reason FROM quarantined_summaries WHERE model_id = $1 ORDER BY source`,
      [POISONED],
    );
    expect(quarantined).toEqual([
      expect.objectContaining({ source: 'contribution', key: KEYS.scale, bucket: new Date(B1) }),
      expect.objectContaining({ source: 'tile', key: KEYS.normal, bucket: new Date(B1) }),
    ]);
    for (const q of quarantined) expect(q.reason).toMatch(/version 99 is not supported/);
    expect(await quarantinedCount(POISONED)).toBe(2);
    // The bucket's tile now holds what could be merged: the late contributions of that key.
    const [tile] = await sql<{ n: string }>(
      'SELECT n FROM tiles WHERE model_id = $1 AND resolution = 60 AND bucket = $2 AND key = $3',
      [POISONED, iso(B1), KEYS.normal],
    );
    expect(Number(tile!.n)).toBeGreaterThan(0);
  });

  it('answers /drift, /performance and /quality with 200, saying which summaries are missing and why', async () => {
    for (const route of ['drift', 'performance', 'quality']) {
      const incomplete = incompleteOf(await get(`/v1/models/${POISONED}/${route}?${range}`));
      expect(incomplete.reason, route).toMatch(/4 stored summaries could not be decoded/);
      expect(incomplete.more).toBe(0);
      expect(incomplete.summaries.map((s) => [s.source, s.key, s.from]).sort(), route).toEqual(
        [
          ['contribution', KEYS.scale, iso(B1)],
          ['tile', KEYS.normal, iso(B1)],
          ['tile', KEYS.region, iso(B2)],
          ['tile', 'binary', iso(B3)],
        ].sort(),
      );
      const region = incomplete.summaries.find((s) => s.key === KEYS.region)!;
      expect(region).toMatchObject({ to: iso(B2 + MINUTE), reason: expect.stringMatching(/checksum/) });
    }
    // The first read moved the two it found; the later ones found them in quarantine.
    expect(await quarantinedCount(POISONED)).toBe(4);
    const stillTiles = await sql(
      `SELECT key FROM tiles WHERE model_id = $1 AND resolution = 60 AND
         ((bucket = $2 AND key = $3) OR (bucket = $4 AND key = 'binary'))`,
      [POISONED, iso(B2), KEYS.region, iso(B3)],
    );
    expect(stillTiles).toEqual([]);
  });

  it('stores its evaluations with the reason; its evaluate jobs succeed', async () => {
    const job = { id: 'test', data: { kind: 'window', modelId: POISONED, window: '1h', windowEnd: end } };
    const result = await env.t.container.processors.evaluate!(job as unknown as Job);
    expect(result).toMatchObject({ kind: 'window', events: posted[POISONED] });

    const stored = incompleteOf(await get(`/v1/models/${POISONED}/drift?window=1h`));
    expect(stored.summaries).toHaveLength(4);
    const page = await get(`/v1/models/${POISONED}/evaluations?window=1h`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items[0].incomplete.reason).toBe(stored.reason);
    // The evaluation still judges what it has: the other features and the labelled pairs of
    // every bucket but B3.
    const drift = (await get(`/v1/models/${POISONED}/drift?window=1h`)).json();
    expect(drift.features.map((f: { name: string }) => f.name)).toEqual(spec.features.map((f) => f.name));
    expect(drift.window.events).toBe(posted[POISONED]);
    const performance = (await get(`/v1/models/${POISONED}/performance?window=1h`)).json();
    expect(performance.realized.labelled).toBeGreaterThan(0);
    expect(await quarantinedCount(POISONED)).toBe(4);
  });

  it("leaves the other model's evaluations whole", async () => {
    const clean = await env.t.container.evaluations.evaluateWindow(CLEAN, '1h', new Date(end));
    expect(clean).toMatchObject({ incomplete: null, window: { events: posted[CLEAN] } });
    const res = await get(`/v1/models/${CLEAN}/drift?window=1h`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().incomplete).toBeNull();
    expect(await quarantinedCount(CLEAN)).toBe(0);
  });

  it('does not stop rollup: both models roll up, a bad fine tile is quarantined on the way', async () => {
    const b4 = end - 10 * MINUTE;
    await corruptTile(b4, KEYS.normal, BAD_CHECKSUM);
    const { log, lines } = capturedLog();
    const quarantine = createQuarantine({
      transaction,
      store: quarantineStore,
      tileSeconds: 60,
      log,
      counted: (model, n) => env.t.container.metrics.quarantinedSummaries.inc({ model }, n),
    });
    const upkeep = createTileMaintenance({
      transaction,
      store: maintenanceStore,
      quarantine,
      tileSeconds: 60,
      fineRetentionHours: 48,
      retentionDays: 90,
      log,
      failed: () => undefined,
      now: () => end + 3 * HOUR, // every hour of the traffic has ended
    });
    const result = await upkeep.maintain();
    expect(result.failed).toEqual([]);
    // One structured line per summary set aside.
    expect(lines.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/^summary quarantined/),
        modelId: POISONED,
        source: 'tile',
        summaryKey: KEYS.normal,
        from: iso(b4),
        reason: expect.stringMatching(/checksum mismatch/),
      }),
    ]);
    const rolled = await sql<{ model_id: string; hours: string }>(
      `SELECT model_id, count(*) AS hours FROM tile_hours WHERE rolled_at IS NOT NULL GROUP BY model_id ORDER BY model_id`,
    );
    expect(rolled.map((r) => r.model_id)).toEqual([CLEAN, POISONED]);
    expect(await quarantinedCount(POISONED)).toBe(5);
    const hourEvents = await sql<{ model_id: string; n: string }>(
      `SELECT model_id, sum(n) AS n FROM tiles WHERE key = 'events' AND resolution = 3600 GROUP BY model_id ORDER BY model_id`,
    );
    expect(hourEvents.map((r) => [r.model_id, Number(r.n)])).toEqual([
      [CLEAN, posted[CLEAN]],
      [POISONED, posted[POISONED]],
    ]);
  });
});

describe('a reference summary that cannot be decoded', () => {
  it('is quarantined; the evaluation leaves its feature out and says so', async () => {
    const model = 'bad-reference';
    await putModel(env.t, model, spec);
    const res = await env.t.request(env.t.adminKey, {
      method: 'PUT',
      url: `/v1/models/${model}/reference`,
      payload: { rows: generatedRows(300, false, 40).map((r) => referenceRow(spec, r)) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const referenceId = res.json<{ id: number }>().id;
    const corrupted = await sql(
      `UPDATE reference_summaries SET bytes = ${BAD_CHECKSUM} WHERE reference_id = $1 AND key = $2 RETURNING key`,
      [referenceId, KEYS.normal],
    );
    expect(corrupted).toHaveLength(1);
    await postRows(env.t, model, spec, generatedRows(200, false, 41), {
      fromMs: end - 30 * MINUTE,
      toMs: end - 5 * MINUTE,
      prefix: model,
    });

    const drift = await get(`/v1/models/${model}/drift?${range}`);
    const incomplete = incompleteOf(drift);
    expect(incomplete.summaries).toEqual([
      {
        source: 'reference',
        key: KEYS.normal,
        from: null,
        to: null,
        referenceId,
        reason: expect.stringMatching(/checksum/),
      },
    ]);
    expect(incomplete.reason).toMatch(/1 of the reference \(numerical:feature:normal shift\)/);
    const names = drift.json().features.map((f: { name: string }) => f.name);
    expect(names).not.toContain('normal shift');
    expect(names).toHaveLength(spec.features.length - 1);
    expect(await quarantinedCount(model)).toBe(1);
    expect(
      await sql('SELECT 1 FROM reference_summaries WHERE reference_id = $1 AND key = $2', [
        referenceId,
        KEYS.normal,
      ]),
    ).toEqual([]);
  });
});

describe('a model whose tile upkeep fails for another reason', () => {
  it('is logged when it starts and stops failing, counted every time, and the others go on', async () => {
    for (const model of MODELS) {
      await postRows(env.t, model, spec, generatedRows(10, false, 50), {
        fromMs: end - 3 * MINUTE,
        toMs: end - 2 * MINUTE,
        prefix: `${model}-upkeep`,
      });
    }
    const { log, lines } = capturedLog();
    let broken = true;
    const failures: string[] = [];
    const upkeep = createTileMaintenance({
      transaction,
      store: {
        ...maintenanceStore,
        // Not a decoding problem (those are quarantined): say the database refuses this model's rows.
        takeContributions: async (db, modelId, limit) => {
          if (broken && modelId === POISONED) throw new Error('simulated failure');
          return maintenanceStore.takeContributions(db, modelId, limit);
        },
      },
      quarantine: env.t.container.quarantine,
      tileSeconds: 60,
      fineRetentionHours: 48,
      retentionDays: 90,
      log,
      failed: (modelId, task) => failures.push(`${modelId}/${task}`),
    });
    const pendingOf = async (model: string) =>
      (await sql('SELECT 1 FROM tile_contributions WHERE model_id = $1', [model])).length;

    expect((await upkeep.compactAll()).failed).toEqual([POISONED]);
    expect((await upkeep.compactAll()).failed).toEqual([POISONED]);
    expect(await pendingOf(CLEAN)).toBe(0);
    expect(await pendingOf(POISONED)).toBeGreaterThan(0);
    expect(failures).toEqual([`${POISONED}/compact`, `${POISONED}/compact`]);
    const warned = lines.filter((l) => l.level === 40 && l.modelId === POISONED);
    expect(warned.map((l) => l.msg)).toEqual(['tile upkeep of a model failed; the other models go on']);

    broken = false;
    expect((await upkeep.compactAll()).failed).toEqual([]);
    expect(await pendingOf(POISONED)).toBe(0);
    expect(lines.filter((l) => l.level === 30 && l.modelId === POISONED).map((l) => l.msg)).toEqual([
      'tile upkeep of the model works again',
    ]);
  });
});
