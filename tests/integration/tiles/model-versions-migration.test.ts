// Migration 0017 records the versions of traffic folded before it; batches still waiting are left to
// their folds, which then count them once. Expected values are computed by hand from the rows below.
import { expect, it } from 'vitest';
import { withTransaction } from '../../../src/lib/db.js';
import { migrate } from '../../../src/lib/migrate.js';
import { createFoldService } from '../../../src/modules/tiles/fold.service.js';
import { foldStore } from '../../../src/modules/tiles/fold.store.js';
import { databaseMigratedBefore } from '../../helpers/migrated-before.js';
import { CREDIT, hourStart, MINUTE } from '../../helpers/fold-env.js';

const base = hourStart(5);
const iso = (minutes: number) => new Date(base + minutes * MINUTE).toISOString();

it('counts the versions of folded batches, and leaves a waiting batch to its fold', async () => {
  const db = await databaseMigratedBefore('0017');
  await db.pool.query(`INSERT INTO models (id, name, task, spec) VALUES ('credit', 'credit', $1, $2)`, [
    CREDIT.task,
    JSON.stringify(CREDIT),
  ]);
  await db.pool.query('SELECT mw_ensure_prediction_partition($1::date)', [iso(0).slice(0, 10)]);
  await db.pool.query('SELECT mw_ensure_prediction_partition($1::date)', [iso(50).slice(0, 10)]);
  // [batch, folded, [version, minute][]]
  const batches: [number, boolean, [string | null, number][]][] = [
    [
      1,
      true,
      [
        ['a', 5],
        ['a', 1],
        ['b', 3],
        [null, 0],
      ],
    ],
    [
      2,
      true,
      [
        ['a', 9],
        ['b', 2],
      ],
    ],
    [
      3,
      false,
      [
        ['a', 0],
        ['c', 50],
      ],
    ],
  ];
  for (const [batch, folded, rows] of batches) {
    const minutes = rows.map(([, m]) => m);
    await db.pool.query(
      `INSERT INTO ingest_batches (id, model_id, kind, accepted, duplicates, rejected, min_ts, max_ts, folded_at)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, 'credit', 'predictions', $2, 0, 0, $3, $4, CASE WHEN $5 THEN now() END)`,
      [batch, rows.length, iso(Math.min(...minutes)), iso(Math.max(...minutes)), folded],
    );
    for (const [i, [version, minute]] of rows.entries()) {
      await db.pool.query(
        `INSERT INTO predictions (model_id, prediction_id, ts, batch_id, model_version, features, prediction, score)
         VALUES ('credit', $1, $2, $3, $4, '{"age": 40, "income": 1, "country": "NL"}', '1', 0.7)`,
        [`p${batch}-${i}`, iso(minute), batch, version],
      );
    }
  }

  expect((await migrate(db.pool)).applied[0]).toBe('0017_model_versions.sql');
  const read = async () =>
    (
      await db.pool.query<{ version: string; first_seen: Date; last_seen: Date; predictions: string }>(
        'SELECT version, first_seen, last_seen, predictions FROM model_versions ORDER BY version',
      )
    ).rows.map((r) => [
      r.version,
      r.first_seen.toISOString(),
      r.last_seen.toISOString(),
      Number(r.predictions),
    ]);
  expect(await read()).toEqual([
    ['a', iso(1), iso(9), 3],
    ['b', iso(2), iso(3), 2],
  ]);

  const folds = createFoldService({
    transaction: (fn) => withTransaction(db.pool, fn),
    store: foldStore,
    tileSeconds: 60,
  });
  const request = { batchId: 3, modelId: 'credit', kind: 'predictions' as const };
  expect((await folds.foldBatch(request)).status).toBe('folded');
  expect((await folds.foldBatch(request)).status).toBe('already_folded');
  expect(await read()).toEqual([
    ['a', iso(0), iso(9), 4],
    ['b', iso(2), iso(3), 2],
    ['c', iso(50), iso(50), 1],
  ]);
});
