/**
 * The one reader of model specs for other modules (src/modules/models/model-specs.store.ts): a
 * model's spec with its schema version and archiving, the row lock a reference upload versions
 * under, and the specs of the models in service that declare a field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { createModelStore } from '../../../src/modules/models/models.store.js';
import { readModelSpec, readServingModelSpecs } from '../../../src/modules/models/model-specs.store.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;
const store = createModelStore();
const objective = { metric: 'rocAuc', target: 0.6, window: '1h' } as const;
const spec = (extra: object = {}) =>
  modelSpecSchema.parse({
    name: 'credit',
    task: 'binary_classification',
    features: [{ name: 'age', type: 'numerical' }],
    ...extra,
  });

beforeAll(async () => {
  db = await freshDatabase();
  await store.insert(db.pool, 'plain', spec());
  await store.insert(db.pool, 'valued', spec({ valueObjective: objective }));
  await store.insert(db.pool, 'archived', spec({ valueObjective: objective }));
  await store.archive(db.pool, 'archived');
  await store.insert(db.pool, 'retired', spec({ valueObjective: objective }));
  await store.moveLifecycle(db.pool, 'retired', 'retired', 'test');
});
afterAll(() => db.drop());

describe('reading model specs', () => {
  it("reads one model's spec as stored, with its schema version and archiving", async () => {
    await store.replace(db.pool, 'plain', spec({ owner: 'ana' }), 2);
    expect(await readModelSpec(db.pool, 'plain')).toEqual({
      id: 'plain',
      spec: spec({ owner: 'ana' }),
      schemaVersion: 2,
      archived: false,
    });
    expect(await readModelSpec(db.pool, 'archived')).toMatchObject({ id: 'archived', archived: true });
    expect(await readModelSpec(db.pool, 'missing')).toBeNull();
  });

  it('holds the row locked for the transaction when asked to', async () => {
    const [holder, other] = [await db.pool.connect(), await db.pool.connect()];
    try {
      await holder.query('BEGIN');
      await readModelSpec(holder, 'valued', { forUpdate: true });
      await other.query('BEGIN');
      await expect(other.query("SELECT 1 FROM models WHERE id = 'valued' FOR UPDATE NOWAIT")).rejects.toThrow(
        /could not obtain lock/,
      );
      await other.query('ROLLBACK');
      // Without forUpdate the same read takes no lock.
      await holder.query('ROLLBACK');
      await holder.query('BEGIN');
      await readModelSpec(holder, 'valued');
      await other.query("SELECT 1 FROM models WHERE id = 'valued' FOR UPDATE NOWAIT");
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      other.release();
    }
  });

  it('lists the models in service that declare a field, in id order', async () => {
    await store.insert(db.pool, 'also-valued', spec({ valueObjective: objective }));
    const serving = await readServingModelSpecs(db.pool, { declaring: 'valueObjective' });
    expect(serving.map((m) => m.id)).toEqual(['also-valued', 'valued']);
    expect(serving[1]!.spec.valueObjective).toEqual(objective);
  });
});
