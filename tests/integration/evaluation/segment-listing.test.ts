import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import type { StoredEvaluation } from '../../../src/modules/evaluation/evaluation.schemas.js';
import { createSliceReads } from '../../../src/modules/evaluation/slices.service.js';
import type { StoredModel } from '../../../src/modules/models/models.store.js';
import { freshDatabase, type TestDatabase } from '../../helpers/db.js';

// GET /v1/models/{id}/segments on demand evaluates every kept value of a key (up to 101): a few
// at a time, so that one listing cannot take every connection of the API's pool from the other
// models' reads. The evaluations are a fake of our own service that counts how many run at once.

let db: TestDatabase;
const VALUES = 40;

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(
    `INSERT INTO models (id, name, task, spec) VALUES ('wide', 'wide', 'regression', '{}'::jsonb)`,
  );
  await db.pool.query(
    `INSERT INTO segment_values (model_id, key, value, rank)
     SELECT 'wide', 'country', 'c' || lpad(i::text, 2, '0'), i FROM generate_series(1, $1) AS i`,
    [VALUES],
  );
});

afterAll(() => db.drop());

describe('listing a segment key on demand', () => {
  it('evaluates its values a few at a time, every one of them', async () => {
    const spec = modelSpecSchema.parse({
      name: 'wide',
      task: 'regression',
      features: [{ name: 'x', type: 'numerical' }],
      segments: [{ key: 'country', maxValues: 100 }],
    });
    const model = { id: 'wide', spec } as StoredModel;
    let running = 0;
    let most = 0;
    const evaluated: string[] = [];
    const reads = createSliceReads({
      pool: db.pool,
      sliceStore: { latest: async () => null },
      windowNamed: () => ({ name: '1h', seconds: 3600 }) as never,
      models: { get: async () => model },
      evaluations: {
        async evaluate(_model, _name, _from, _to, slice = '') {
          running++;
          most = Math.max(most, running);
          // Yield a few turns so that unbounded reads would overlap.
          for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
          running--;
          evaluated.push(slice);
          return { window: { events: 0 } } as StoredEvaluation;
        },
      },
      source: {} as never,
    });
    const listing = await reads.segments('wide', {
      key: 'country',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T01:00:00Z',
    } as never);
    expect(evaluated).toHaveLength(VALUES + 1); // every kept value and __other__
    expect(listing.quiet).toHaveLength(VALUES);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });
});
