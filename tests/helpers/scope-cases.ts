import { randomBytes, randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { CHANNEL, FOREIGN, MARK, OWN, RULES, ruleSpec, silenceBody, type World } from './scope-world.js';

/**
 * What each route of the API is asked in the scope matrix (tests/integration/http/scope-matrix.test.ts),
 * one entry per route of the route table: a route without an entry fails the matrix.
 *
 * A cell names its target's kind: `own` (concerns own-model only), `foreign` (foreign-model),
 * `fleet` (every model, or none: channels, unlimited keys, rules over all models) or `missing`
 * (nothing by that id or model; fresh for every cell), and how the request names it: `path`,
 * `body`, `query`, or `none` for a plain list.
 */
export type Kind = 'own' | 'foreign' | 'fleet' | 'missing';
export type Via = 'path' | 'body' | 'query' | 'none';

export interface Cell {
  kind: Kind;
  via: Via;
  /** The id or model the request names: echoed in a 404's detail, so masked when comparing. */
  target?: string;
  request: InjectOptions;
  /** A list in which an unlimited key must see foreign objects (so that the filter check can fail). */
  listsForeign?: boolean;
}

export interface RouteCase {
  /** A PUT that creates what its path names: a missing id is created, an unreachable one is taken. */
  creates?: boolean;
  /** Undoes what an allowed request may have changed; run before every cell and after the last. */
  reset?: (w: World) => Promise<void>;
  cells(w: World): Cell[];
}

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;
const hex = (chars: number) => randomBytes(chars / 2).toString('hex');
const freshModel = () => fresh('missing-model');

type Targets = Partial<Record<Exclude<Kind, 'missing'>, string | string[]>>;

/** One cell per target named in the path, and one for a fresh missing id. */
function byPath(
  method: InjectOptions['method'],
  url: (id: string) => string,
  targets: Targets,
  missing: () => string,
  extra: Omit<InjectOptions, 'method' | 'url'> = {},
): Cell[] {
  const named = Object.entries(targets).flatMap(([kind, ids]) =>
    [ids].flat().map((id) => ({ kind: kind as Kind, id: id! })),
  );
  return [...named, { kind: 'missing' as const, id: missing() }].map(({ kind, id }) => ({
    kind,
    via: 'path',
    target: id,
    request: { method, url: url(id), ...extra },
  }));
}

/** One cell per kind of body; `model` is the model the body names (its target). */
function byBody(
  method: InjectOptions['method'],
  url: () => string,
  body: (kind: Kind, model: string | undefined) => object,
  kinds: Kind[] = ['own', 'foreign', 'fleet', 'missing'],
): Cell[] {
  const modelOf: Record<Kind, string | undefined> = {
    own: OWN,
    foreign: FOREIGN,
    fleet: undefined,
    missing: freshModel(),
  };
  return kinds.map((kind) => ({
    kind,
    via: 'body',
    ...(modelOf[kind] ? { target: modelOf[kind] } : {}),
    request: { method, url: url(), payload: body(kind, modelOf[kind]) },
  }));
}

const own = (method: InjectOptions['method'], url: string): Cell => ({
  kind: 'own',
  via: 'none',
  request: { method, url },
});
const list = (...urls: string[]): Cell[] =>
  urls.map((url) => ({ kind: 'own', via: 'none', listsForeign: true, request: { method: 'GET', url } }));

const models: Targets = { own: OWN, foreign: FOREIGN };
const modelRoute = (method: InjectOptions['method'], suffix = '', extra = {}): RouteCase => ({
  cells: () => byPath(method, (id) => `/v1/models/${id}${suffix}`, models, freshModel, extra),
});
const modelSpec = (id: string) => ({
  name: id,
  task: 'binary_classification',
  features: [
    { name: 'age', type: 'numerical' },
    { name: 'income', type: 'numerical' },
  ],
});
const event = () => ({
  predictionId: fresh('p'),
  timestamp: new Date().toISOString(),
  features: { age: 40, income: 2 },
  prediction: 1,
  score: 0.7,
});
const referenceRows = [0.2, 0.4, 0.6, 0.8].map((score, i) => ({
  features: { age: 30 + i, income: i },
  prediction: score > 0.5 ? 1 : 0,
  score,
  actual: i % 2,
}));

const rules: Targets = {
  own: RULES.own,
  foreign: RULES.foreign,
  fleet: [RULES.fleet, 'default-dataset-drift'],
};
const ruleCells = (method: InjectOptions['method'], extra = {}) =>
  byPath(
    method,
    (id) => `/v1/alert-rules/${id}`,
    rules,
    () => fresh('missing-rule'),
    extra,
  );
const ruleBody = (kind: Kind, model: string | undefined) =>
  ruleSpec(kind === 'fleet' ? { match: 'all', exclude: [FOREIGN] } : { match: 'models', models: [model] });
const alerts = (w: World): Targets => ({ own: w.alerts.own, foreign: w.alerts.foreign });
const restoreRules = (w: World) => w.restoreRules();
const restoreChannel = (w: World) => w.restoreChannel();
const channelRoute = (method: InjectOptions['method'], suffix = '', extra = {}): RouteCase => ({
  reset: restoreChannel,
  cells: () =>
    byPath(
      method,
      (id) => `/v1/channels/${id}${suffix}`,
      { fleet: CHANNEL },
      () => fresh('channel'),
      extra,
    ),
});

export const CASES: Record<string, RouteCase> = {
  'POST /v1/api-keys': {
    cells: () =>
      byBody(
        'POST',
        () => '/v1/api-keys',
        (kind, model) => ({
          name: kind === 'own' ? 'own new key' : `${MARK} new key`,
          scopes: ['read'],
          ...(model ? { models: [model] } : {}),
        }),
      ),
  },
  'GET /v1/api-keys': { cells: () => list('/v1/api-keys', '/v1/api-keys?includeRevoked=true') },
  'DELETE /v1/api-keys/:keyId': {
    cells: (w) =>
      byPath(
        'DELETE',
        (id) => `/v1/api-keys/${id}`,
        w.targetKeys,
        () => hex(12),
      ),
  },
  // The caller's own session: the matrix's bearer keys have none (tests/integration/sessions/sessions.test.ts).
  'GET /v1/sessions/current': { cells: () => [own('GET', '/v1/sessions/current')] },
  'DELETE /v1/sessions/current': { cells: () => [own('DELETE', '/v1/sessions/current')] },
  'GET /v1/sessions': { cells: () => list('/v1/sessions') },
  'DELETE /v1/sessions/:sessionId': {
    reset: (w) => w.restoreSessions(),
    cells: (w) =>
      byPath(
        'DELETE',
        (id) => `/v1/sessions/${id}`,
        w.sessions,
        () => hex(16),
      ),
  },
  'POST /v1/login-tokens': {
    cells: (w) =>
      (['own', 'foreign', 'fleet', 'missing'] as const).map((kind) => {
        const keyId = kind === 'missing' ? hex(12) : w.sessionKeys[kind];
        return {
          kind,
          via: 'body',
          target: keyId,
          request: { method: 'POST', url: '/v1/login-tokens', payload: { keyId } },
        };
      }),
  },
  'PUT /v1/models/:modelId': {
    reset: (w) => w.restoreModels(),
    cells: () => byPath('PUT', (id) => `/v1/models/${id}`, models, freshModel).map(withModelSpec),
  },
  'GET /v1/models': { cells: () => list('/v1/models', '/v1/models?includeArchived=true') },
  'GET /v1/models/:modelId': modelRoute('GET'),
  'DELETE /v1/models/:modelId': { ...modelRoute('DELETE'), reset: (w) => w.restoreModels() },
  'GET /v1/models/:modelId/audit': modelRoute('GET', '/audit'),
  'GET /v1/models/:modelId/versions': modelRoute('GET', '/versions'),
  // Without declared segments the key is a 400 after the scope check: what matters is 403 for others.
  'GET /v1/models/:modelId/segments': modelRoute(
    'GET',
    '/segments?key=country&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z',
  ),
  'GET /v1/models/:modelId/versions/compare': modelRoute(
    'GET',
    '/versions/compare?baseline=v1&candidate=v2&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z',
  ),
  // A second move of the same kind is a 409: allowed, and still nothing of another model.
  'POST /v1/models/:modelId/lifecycle': modelRoute('POST', '/lifecycle', {
    payload: { status: 'validation', comment: '' },
  }),
  'GET /v1/audit': { cells: () => list('/v1/audit?limit=500') },
  // Rules over the fleet select own-model too: a limited key gets them counted, never shown.
  'GET /v1/models/:modelId/evidence': {
    cells: (w) => [
      ...modelRoute('GET', '/evidence').cells(w),
      ...modelRoute('GET', '/evidence?format=html').cells(w),
    ],
  },
  'POST /v1/models/:modelId/predictions': {
    cells: () =>
      byPath('POST', (id) => `/v1/models/${id}/predictions`, models, freshModel).map((c) => ({
        ...c,
        request: { ...c.request, payload: { events: [event()] } },
      })),
  },
  'POST /v1/models/:modelId/outcomes': modelRoute('POST', '/outcomes', {
    payload: { events: [{ predictionId: 'p-1', actual: 1 }] },
  }),
  'PUT /v1/models/:modelId/reference': modelRoute('PUT', '/reference', { payload: { rows: referenceRows } }),
  'GET /v1/models/:modelId/reference': modelRoute('GET', '/reference'),
  'GET /v1/models/:modelId/drift': modelRoute('GET', '/drift?window=1h'),
  'GET /v1/models/:modelId/performance': modelRoute('GET', '/performance?window=1h'),
  'GET /v1/models/:modelId/quality': modelRoute('GET', '/quality?window=1h'),
  'GET /v1/models/:modelId/evaluations': modelRoute('GET', '/evaluations?window=1h'),
  // A 409 until the reference case has set one, a 200 after: either way not a missing model's 404.
  'GET /v1/models/:modelId/features/:feature/distribution': modelRoute(
    'GET',
    '/features/age/distribution?window=1h',
  ),
  'GET /v1/models/:modelId/features/:feature/statistic': modelRoute(
    'GET',
    '/features/age/statistic?window=1h',
  ),
  'GET /v1/fleet': { cells: () => list('/v1/fleet') },
  // The world has no incidents: nothing foreign to list, but nothing may leak either.
  'GET /v1/fleet/response': {
    cells: () => [{ kind: 'own', via: 'none', request: { method: 'GET', url: '/v1/fleet/response' } }],
  },
  'PUT /v1/alert-rules/:ruleId': {
    creates: true,
    reset: restoreRules,
    cells: () => [
      ...ruleCells('PUT', { payload: ruleBody('own', OWN) }),
      ...byBody('PUT', () => `/v1/alert-rules/${fresh('new-rule')}`, ruleBody),
    ],
  },
  'GET /v1/alert-rules': { cells: () => list('/v1/alert-rules') },
  'GET /v1/alert-rules/:ruleId': { cells: () => ruleCells('GET') },
  'DELETE /v1/alert-rules/:ruleId': { reset: restoreRules, cells: () => ruleCells('DELETE') },
  'GET /v1/alerts': {
    cells: () => [
      ...list('/v1/alerts'),
      {
        kind: 'foreign',
        via: 'query',
        target: FOREIGN,
        request: { method: 'GET', url: `/v1/alerts?model=${FOREIGN}` },
      },
      {
        kind: 'foreign',
        via: 'query',
        target: RULES.foreign,
        request: { method: 'GET', url: `/v1/alerts?rule=${RULES.foreign}` },
      },
    ],
  },
  'GET /v1/alerts/:alertId': {
    cells: (w) =>
      byPath(
        'GET',
        (id) => `/v1/alerts/${id}`,
        alerts(w),
        () => hex(32),
      ),
  },
  'POST /v1/alerts/:alertId/ack': {
    cells: (w) =>
      byPath(
        'POST',
        (id) => `/v1/alerts/${id}/ack`,
        alerts(w),
        () => hex(32),
        { payload: { comment: 'on it' } },
      ),
  },
  'GET /v1/alerts/:alertId/values': {
    cells: (w) =>
      byPath(
        'GET',
        (id) => `/v1/alerts/${id}/values`,
        alerts(w),
        () => hex(32),
      ),
  },
  'GET /v1/alerts/:alertId/deliveries': {
    cells: (w) =>
      byPath(
        'GET',
        (id) => `/v1/alerts/${id}/deliveries`,
        alerts(w),
        () => hex(32),
      ),
  },
  'POST /v1/silences': {
    cells: () =>
      byBody(
        'POST',
        () => '/v1/silences',
        (kind, model) =>
          silenceBody(
            model ? [{ name: 'model', value: model }] : [{ name: 'severity', value: 'info' }],
            kind === 'own' ? 'own' : MARK,
          ),
      ),
  },
  'GET /v1/silences': { cells: () => list('/v1/silences', '/v1/silences?state=active') },
  'GET /v1/silences/:silenceId': {
    cells: (w) => byPath('GET', (id) => `/v1/silences/${id}`, w.silences, randomUUID),
  },
  'DELETE /v1/silences/:silenceId': {
    cells: (w) => byPath('DELETE', (id) => `/v1/silences/${id}`, w.silences, randomUUID),
  },
  'PUT /v1/channels/:channelId': {
    reset: restoreChannel,
    cells: (w) =>
      byPath(
        'PUT',
        (id) => `/v1/channels/${id}`,
        { fleet: CHANNEL },
        () => fresh('channel'),
        {
          payload: { type: 'webhook', url: w.receiver.url('/hook') },
        },
      ),
  },
  'GET /v1/channels': {
    cells: () => [{ kind: 'fleet', via: 'none', request: { method: 'GET', url: '/v1/channels' } }],
  },
  'GET /v1/channels/:channelId': channelRoute('GET'),
  'DELETE /v1/channels/:channelId': channelRoute('DELETE'),
  'POST /v1/channels/:channelId/test': channelRoute('POST', '/test'),
};

function withModelSpec(cell: Cell): Cell {
  return { ...cell, request: { ...cell.request, payload: modelSpec(cell.target!) } };
}
