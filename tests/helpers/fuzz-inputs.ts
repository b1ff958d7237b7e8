/**
 * fast-check arbitraries of bad requests for the route fuzz test (tests/chaos/fuzz-routes.test.ts):
 * values a careless or hostile client sends, shaped by an operation of the OpenAPI document.
 */
import fc from 'fast-check';
import { DRIFT_RULE } from './alerting.js';

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyTypes: string[];
  bodyProperties: string[];
}

/** The operations of an OpenAPI 3.1 document, with the names a fuzzer needs. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema;
      const schema = json?.$ref ? doc.components?.schemas?.[json.$ref.split('/').pop()!] : json;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
        bodyProperties: Object.keys(schema?.properties ?? {}),
      };
    }),
  );
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: {
    content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }>;
  };
}

/** Strings that broke services before: NUL, lone surrogates, dates beyond every range, padding. */
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  // The known troublemakers, drawn most often.
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\udfff\ud800',
      '\ufeff',
      '0000-01-01T00:00:00Z',
      '0001-01-01',
      '+275760-09-13T00:00:00.001Z',
      '9999-12-31T23:59:59Z',
      '2026-02-30T00:00:00Z',
      '',
      ' ',
      'null',
      '1e400',
      '-0',
      '__proto__',
      'constructor',
      '{{model}}',
      '.*(a+)+$',
      'x'.repeat(5_000),
    ),
  },
);

const nastyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 1e20, -1e20, 8.64e15 + 1, 2 ** 53 + 2, -0, 5e-324),
);

/** A JSON value of any shape, nested a little, made of nasty leaves. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: nastyText },
    { weight: 2, arbitrary: nastyNumber },
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A path parameter: the existing model, or text that should not name anything. */
const pathParam = fc.oneof(
  { arbitrary: fc.constant('credit'), weight: 6 },
  fc.constantFrom('%00', '%ED%A0%80', '%E0%A4%A', '..', '%2F', 'a'.repeat(300), '%20', 'CREDIT'),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s) || 'x'),
);

const queryValue = fc.oneof(
  nastyText.map((s) => encodeQuery(s)),
  nastyNumber.map(String),
  fc.constantFrom('%00', '%ED%A0%80', '%', '%zz', 'true', 'false', '-1', '0', '100000000000'),
);

/** Percent-encodes any string, lone surrogates included (as their CESU-8 bytes). */
function encodeQuery(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

const hourFromNow = () => new Date(Date.now() + 3_600_000).toISOString();

/** A valid body per operation (for model "credit": regression, one numerical feature x). */
const VALID_BODIES: Record<string, () => unknown> = {
  'PUT /v1/models/{modelId}': () => ({
    name: 'm',
    task: 'regression',
    owner: 'team',
    tags: { team: 'risk' },
    features: [{ name: 'x', type: 'numerical', drift: { method: 'psi', threshold: 0.2 } }],
  }),
  'POST /v1/api-keys': () => ({ name: 'k', scopes: ['read'], models: ['credit'] }),
  'PUT /v1/alert-rules/{ruleId}': () => ({ ...DRIFT_RULE, selector: { models: ['credit'] } }),
  'POST /v1/silences': () => ({
    matchers: [{ name: 'model', op: '=', value: 'credit' }],
    startsAt: new Date().toISOString(),
    endsAt: hourFromNow(),
    comment: 'deploy',
  }),
  'PUT /v1/channels/{channelId}': () => ({ type: 'webhook', url: 'http://127.0.0.1:9/hook', name: 'n' }),
  'POST /v1/alerts/{alertId}/ack': () => ({ comment: 'on it' }),
  'POST /v1/models/{modelId}/predictions': () => ({
    events: [{ predictionId: 'p-1', timestamp: new Date().toISOString(), features: { x: 1 }, prediction: 1 }],
  }),
  'POST /v1/models/{modelId}/outcomes': () => ({ events: [{ predictionId: 'p-1', actual: 1 }] }),
  'PUT /v1/models/{modelId}/reference': () => ({
    rows: Array.from({ length: 3 }, (_, i) => ({ features: { x: i }, prediction: i, actual: i })),
  }),
};

/** Valid values of query parameters, by name. */
const VALID_QUERY: Record<string, string> = {
  limit: '10',
  window: '1h',
  from: new Date(Date.now() - 3_600_000).toISOString(),
  to: new Date().toISOString(),
  owner: 'team',
  tag: 'team:risk',
  state: 'active',
  model: 'credit',
  severity: 'critical',
  includeArchived: 'true',
  includeRevoked: 'false',
};

/** Every path to a leaf of a JSON value, as keys. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [at];
}

/** `value` with the leaf at `path` replaced (a deep copy). */
function replaced(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = leaf;
  return copy;
}

/** A valid body with one leaf (or one key's value) replaced by a nasty value. */
function mutatedBody(valid: () => unknown): fc.Arbitrary<string> {
  const example = valid();
  const paths = leaves(example);
  return fc.tuple(fc.nat(paths.length - 1), nastyValue, fc.boolean()).map(([i, leaf, wholeParent]) => {
    const path = paths[i]!;
    return JSON.stringify(replaced(example, wholeParent && path.length > 1 ? path.slice(0, -1) : path, leaf));
  });
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  authorized: boolean;
}

/** Requests for one operation: bad path, query and body, with and without a key. */
export function badRequests(
  op: Operation,
): fc.Arbitrary<Omit<FuzzRequest, 'headers'> & { contentType?: string }> {
  const path = fc
    .tuple(...op.pathParams.map(() => pathParam))
    .map((values) => op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), op.path));
  // Valid values for the declared parameters but one, which gets a bad value (or an extra one).
  const valid = op.queryParams.filter((name) => VALID_QUERY[name] !== undefined);
  const query = fc
    .tuple(
      fc.subarray(valid),
      fc.oneof(fc.constantFrom(...op.queryParams, 'unknown'), fc.string({ maxLength: 5 })),
      queryValue,
    )
    .map(([names, bad, value]) =>
      [
        ...names.filter((n) => n !== bad).map((n) => `${n}=${encodeQuery(VALID_QUERY[n]!)}`),
        `${encodeQuery(bad)}=${value}`,
      ].join('&'),
    );
  const example = VALID_BODIES[`${op.method} ${op.path}`];
  const body = fc.oneof(
    ...(example
      ? [
          {
            arbitrary: mutatedBody(example).map((payload) => ({ payload, contentType: 'application/json' })),
            weight: 4,
          },
        ]
      : []),
    fc
      .dictionary(fc.constantFrom(...op.bodyProperties, 'extra'), nastyValue, { maxKeys: 6 })
      .map((o) => ({ payload: JSON.stringify(o), contentType: 'application/json' })),
    nastyValue.map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })),
    fc
      .constantFrom('{', '{"a":', '[1,2', '\u0000', '{"events": [{}]}x', '{"__proto__": {"x": 1}}', '')
      .map((payload) => ({ payload, contentType: 'application/json' })),
    fc
      .tuple(
        fc.array(nastyValue, { maxLength: 4 }),
        fc.constantFrom('application/x-ndjson', 'text/csv', 'text/plain'),
      )
      .map(([lines, contentType]) => ({
        payload: lines.map((l) => JSON.stringify(l) ?? '').join('\n'),
        contentType,
      })),
  );
  const hasBody = op.bodyTypes.length > 0 || op.method === 'POST' || op.method === 'PUT';
  return fc
    .record({
      method: fc.constant(op.method),
      url: fc.tuple(path, query).map(([p, q]) => (q ? `${p}?${q}` : p)),
      authorized: fc.constantFrom(true, true, true, false),
      body: hasBody ? fc.option(body, { freq: 6 }) : fc.constant(null),
    })
    .map(({ body: b, ...rest }) => ({ ...rest, payload: b?.payload, contentType: b?.contentType }));
}
