import { describe, expect, it } from 'vitest';
import { modelSpecSchema, type ModelSpecInput } from '../../../src/domain/model-spec.js';
import type { TimeWindow } from '../../../src/modules/ingest/ingest.fields.js';
import { compileValidators, type Issues } from '../../../src/modules/ingest/ingest.validator.js';

// Expected values are written by hand from the event contract in src/modules/ingest/README.md.

const NOW = Date.parse('2025-06-15T12:00:00Z');
const window: TimeWindow = { nowMs: NOW, oldestMs: NOW - 90 * 86_400_000, retentionDays: 90 };

function compile(spec: ModelSpecInput) {
  return compileValidators(modelSpecSchema.parse(spec));
}

const binary = compile({
  name: 'b',
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical', nullable: false },
    { name: 'country', type: 'categorical' },
    { name: 'a/b~c', type: 'categorical' },
  ],
});
const multiclass = compile({
  name: 'm',
  task: 'multiclass_classification',
  classes: ['cat', 'dog', 3],
  features: [{ name: 'x', type: 'numerical' }],
});
const regression = compile({ name: 'r', task: 'regression', features: [{ name: 'x', type: 'numerical' }] });

function issues(): Issues {
  return { errors: [], ignoredFeatures: new Set() };
}

const good = {
  predictionId: 'p1',
  timestamp: '2025-06-15T11:59:00Z',
  features: { age: 40, income: 1000, country: 'NL', 'a/b~c': true },
  prediction: 1,
  score: 0.7,
};

describe('prediction validator', () => {
  it('turns a valid event into a row with serialized JSON columns', () => {
    const out = issues();
    const row = binary.predictions({ ...good, segments: { region: 'eu' } }, '/events/0', window, out);
    expect(out.errors).toEqual([]);
    expect(row).toEqual({
      predictionId: 'p1',
      tsMs: Date.parse('2025-06-15T11:59:00Z'),
      modelVersion: null,
      features: JSON.stringify(good.features),
      prediction: '1',
      score: 0.7,
      scores: null,
      segments: '{"region":"eu"}',
    });
  });

  it('names every invalid field by JSON pointer, escaping feature names', () => {
    const out = issues();
    const row = binary.predictions(
      {
        predictionId: '',
        timestamp: 'yesterday',
        features: { age: '40', income: null, 'a/b~c': { nested: 1 } },
        prediction: null,
        score: 1.5,
        scores: { a: 1 },
        segments: { k: 5 },
        color: 'red',
      },
      '/events/7',
      window,
      out,
    );
    expect(row).toBeNull();
    expect(out.errors.map((e) => e.pointer).sort()).toEqual(
      [
        '/events/7/color',
        '/events/7/predictionId',
        '/events/7/timestamp',
        '/events/7/prediction',
        '/events/7/score',
        '/events/7/scores',
        '/events/7/segments',
        '/events/7/features/age',
        '/events/7/features/income',
        '/events/7/features/a~1b~0c',
      ].sort(),
    );
  });

  it('treats absent nullable features as null and refuses absent non-nullable ones', () => {
    const out = issues();
    expect(binary.predictions({ ...good, features: { income: 5 } }, '/events/0', window, out)).not.toBeNull();
    expect(binary.predictions({ ...good, features: { age: 3 } }, '/events/1', window, out)).toBeNull();
    expect(out.errors).toEqual([
      { pointer: '/events/1/features/income', message: 'is required: the feature is not nullable' },
    ]);
  });

  it('drops undeclared features from the stored JSON and names them', () => {
    const out = issues();
    const row = binary.predictions(
      { ...good, features: { income: 5, zip: '1011', constructor: 1 } },
      '/events/0',
      window,
      out,
    );
    expect(JSON.parse(row!.features)).toEqual({ income: 5 });
    expect([...out.ignoredFeatures].sort()).toEqual(['constructor', 'zip']);
  });

  it('checks time against the window: ISO with a zone or epoch ms, ≤ 5 min ahead, within retention', () => {
    const at = (timestamp: unknown) => {
      const out = issues();
      binary.predictions({ ...good, timestamp }, '/events/0', window, out);
      return out.errors.map((e) => e.message);
    };
    expect(at(NOW)).toEqual([]);
    expect(at('2025-06-15T14:00:00+02:00')).toEqual([]);
    expect(at(NOW + 4 * 60_000)).toEqual([]);
    expect(at(NOW + 6 * 60_000)[0]).toMatch(/more than 5 minutes in the future/);
    expect(at(NOW - 91 * 86_400_000)[0]).toMatch(/older than the retention period of 90 days/);
    expect(at(NOW / 1000)[0]).toMatch(/epoch timestamps are in milliseconds/);
    expect(at('2025-06-15T11:00:00')[0]).toMatch(/with a time zone/);
    expect(at('2025-02-30T11:00:00Z')[0]).toMatch(/ISO 8601/);
  });

  it('holds multiclass predictions to the classes, and scores to class → probability', () => {
    const base = { predictionId: 'm', timestamp: NOW, features: { x: 1 } };
    const out = issues();
    expect(
      multiclass.predictions({ ...base, prediction: 3, scores: { cat: 0.2, 3: 0.8 } }, '', window, out),
    ).not.toBeNull();
    expect(multiclass.predictions({ ...base, prediction: '3' }, '/events/1', window, out)).toBeNull();
    expect(
      multiclass.predictions({ ...base, prediction: 'cat', scores: { cow: 1 } }, '/events/2', window, out),
    ).toBeNull();
    expect(
      multiclass.predictions({ ...base, prediction: 'cat', score: 0.5 }, '/events/3', window, out),
    ).toBeNull();
    expect(out.errors.map((e) => e.pointer)).toEqual([
      '/events/1/prediction',
      '/events/2/scores',
      '/events/3/score',
    ]);
  });

  it('requires a finite number for regression predictions', () => {
    const out = issues();
    const base = { predictionId: 'r', timestamp: NOW, features: { x: 1 } };
    expect(regression.predictions({ ...base, prediction: 2.5 }, '', window, out)).not.toBeNull();
    expect(regression.predictions({ ...base, prediction: 'high' }, '/events/1', window, out)).toBeNull();
    expect(out.errors).toEqual([{ pointer: '/events/1/prediction', message: 'must be a finite number' }]);
  });
  it('refuses strings Postgres cannot store: NUL characters and unpaired surrogates', () => {
    const out = issues();
    const event = {
      ...good,
      predictionId: 'a\u0000b',
      features: { income: 1, country: 'x\uD800' },
      segments: { region: 'e\u0000u' },
    };
    expect(binary.predictions(event, '/events/0', window, out)).toBeNull();
    expect(out.errors).toEqual([
      { pointer: '/events/0/predictionId', message: 'must be valid Unicode without NUL characters' },
      { pointer: '/events/0/segments', message: '"region" must be valid Unicode without NUL characters' },
      { pointer: '/events/0/features/country', message: 'must be valid Unicode without NUL characters' },
    ]);
    expect(binary.predictions({ ...good, predictionId: '😀' }, '/events/1', window, issues())).not.toBeNull();
  });
});

describe('outcome validator', () => {
  it('accepts an outcome without a timestamp and checks the actual against the task', () => {
    const out = issues();
    expect(binary.outcomes({ predictionId: 'p1', actual: 0 }, '/events/0', window, out)).toEqual({
      predictionId: 'p1',
      actual: '0',
      tsMs: null,
      value: null,
    });
    expect(multiclass.outcomes({ predictionId: 'p1', actual: 'cow' }, '/events/1', window, out)).toBeNull();
    expect(
      regression.outcomes({ predictionId: 'p1', timestamp: 'soon' }, '/events/2', window, out),
    ).toBeNull();
    expect(out.errors.map((e) => e.pointer)).toEqual([
      '/events/1/actual',
      '/events/2/actual',
      '/events/2/timestamp',
    ]);
  });

  it("keeps an outcome's business value, and rejects one that is not a finite number", () => {
    const out = issues();
    expect(
      binary.outcomes({ predictionId: 'p1', actual: 1, value: -12.5 }, '/events/0', window, out),
    ).toMatchObject({
      value: -12.5,
    });
    expect(
      binary.outcomes({ predictionId: 'p2', actual: 1, value: null }, '/events/1', window, out),
    ).toMatchObject({
      value: null,
    });
    expect(
      binary.outcomes({ predictionId: 'p3', actual: 1, value: '12' }, '/events/2', window, out),
    ).toBeNull();
    expect(
      binary.outcomes({ predictionId: 'p4', actual: 1, value: Infinity }, '/events/3', window, out),
    ).toBeNull();
    expect(out.errors.map((e) => e.pointer)).toEqual(['/events/2/value', '/events/3/value']);
  });

  it('rejects an event that is not an object at its own pointer', () => {
    const out = issues();
    expect(binary.outcomes([1, 2], '/events/4', window, out)).toBeNull();
    expect(out.errors).toEqual([{ pointer: '/events/4', message: 'must be an object' }]);
  });
});
