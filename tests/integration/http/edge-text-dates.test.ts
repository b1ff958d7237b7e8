/**
 * Issue 8, finding 5: a NUL or a lone surrogate in a text field or a query string, and a date
 * outside what Postgres and JavaScript hold, answered 500 (Postgres refused the text or the
 * date). Each must be a 400 problem+json whose errors[] points at the field. Ingest events are
 * checked event by event instead (tests/integration/ingest/ingest-*.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTING_TEST_ENV, DRIFT_RULE } from '../../helpers/alerting.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';
import { ONE_FEATURE_REGRESSION, registerModel } from '../../helpers/ingest.js';
import { expectProblem } from '../../helpers/problem.js';

let t: TestApp;

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, env: ALERTING_TEST_ENV });
  await registerModel(t, 'credit', ONE_FEATURE_REGRESSION);
});
afterAll(() => t?.close());

const NUL = '\u0000';
const LONE = '\ud800';
const hour = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

/** [what, method, url, body with the bad text, pointer the problem must name]. */
const textCases = (bad: string): [string, 'PUT' | 'POST', string, object, string][] => [
  [
    'model name',
    'PUT',
    '/v1/models/m1',
    { name: `a${bad}`, task: 'regression', features: [{ name: 'x', type: 'numerical' }] },
    '/name',
  ],
  [
    'model tag',
    'PUT',
    '/v1/models/m2',
    { name: 'm', task: 'regression', features: [{ name: 'x', type: 'numerical' }], tags: { team: bad } },
    '/tags/team',
  ],
  ['key name', 'POST', '/v1/api-keys', { name: `k${bad}`, scopes: ['read'] }, '/name'],
  [
    'rule annotation',
    'PUT',
    '/v1/alert-rules/r1',
    { ...DRIFT_RULE, annotations: { summary: `s${bad}` } },
    '/annotations/summary',
  ],
  [
    'silence comment',
    'POST',
    '/v1/silences',
    { matchers: [{ name: 'model', value: 'credit' }], endsAt: hour(1), comment: `c${bad}` },
    '/comment',
  ],
  [
    'silence matcher',
    'POST',
    '/v1/silences',
    { matchers: [{ name: 'model', value: `credit${bad}` }], endsAt: hour(1), comment: 'c' },
    '/matchers/0/value',
  ],
  [
    'channel name',
    'PUT',
    '/v1/channels/c1',
    { type: 'webhook', url: 'http://127.0.0.1:9/hook', name: `n${bad}` },
    '/name',
  ],
  [
    'PagerDuty routing key',
    'PUT',
    '/v1/channels/c2',
    {
      type: 'pagerduty',
      routingKey: `R0UTINGKEY0123456789abcdefghij9${bad}`,
      url: 'http://127.0.0.1:9/v2/enqueue',
    },
    '/routingKey',
  ],
];

describe.each([
  ['NUL', NUL],
  ['a lone surrogate', LONE],
])('%s in a text field', (_name, bad) => {
  it.each(textCases(bad))('%s: 400 naming the field', async (_what, method, url, payload, pointer) => {
    const res = await t.request(t.adminKey, { method, url, payload });
    const problem = expectProblem(res, 400);
    expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
  });
});

describe('query strings are checked as bodies are', () => {
  it.each([
    ['NUL', '/v1/models?owner=%00'],
    ['a lone surrogate (CESU-8 bytes)', '/v1/models?owner=%ED%A0%80'],
    ['NUL in a tag filter', '/v1/models?tag=team%3A%00'],
  ])('%s: 400 naming the parameter', async (_what, url) => {
    const problem = expectProblem(await t.request(t.adminKey, { method: 'GET', url }), 400);
    expect(problem.errors?.[0]).toMatchObject({ location: 'querystring' });
  });
});

describe('dates are range-checked (1970-01-01 … 9999-12-31)', () => {
  it.each(['0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z'])(
    'from=%s on drift, performance and quality: 400',
    async (from) => {
      for (const route of ['drift', 'performance', 'quality']) {
        const to = new Date(Date.parse(from) + 3_600_000).toISOString();
        const url = `/v1/models/credit/${route}?from=${from}&to=${to}`;
        const problem = expectProblem(await t.request(t.adminKey, { method: 'GET', url }), 400);
        expect(problem.errors?.map((e) => e.pointer)).toContain('/from');
      }
    },
  );

  it('a reference range starting in year 0000: 400', async () => {
    const res = await t.request(t.adminKey, {
      method: 'PUT',
      url: '/v1/models/credit/reference',
      payload: { from: '0000-01-01T00:00:00Z', to: '0000-01-02T00:00:00Z' },
    });
    expect(expectProblem(res, 400).errors?.map((e) => e.pointer)).toContain('/from');
  });

  it.each([
    ['startsAt', { startsAt: '0000-01-01T00:00:00Z', endsAt: hour(1) }],
    ['endsAt', { endsAt: '+275760-09-13T00:00:00Z' }],
  ])('a silence whose %s is out of range: 400', async (field, dates) => {
    const res = await t.request(t.adminKey, {
      method: 'POST',
      url: '/v1/silences',
      payload: { matchers: [{ name: 'model', value: 'credit' }], comment: 'c', ...dates },
    });
    expect(expectProblem(res, 400).errors?.map((e) => e.pointer)).toContain(`/${field}`);
  });
});
