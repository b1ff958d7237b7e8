import { expect } from 'vitest';
import { createApiKey } from './api-keys.js';
import type { TestApp } from './app.js';
import { evaluate, put, registerModel } from './alerting.js';
import { snapshot } from './evaluation-snapshot.js';
import type { LocalReceiver } from './local-receiver.js';
import { signIn, type SignedIn } from './sessions.js';

/**
 * The world of tests/integration/http/scope-matrix.test.ts: two models, and around each of them the
 * objects a route can reach (rules, silences, alerts with deliveries, keys), plus fleet-wide ones
 * (a rule over every model, a silence on severity, a channel, unlimited keys).
 */
export const OWN = 'own-model';
export const FOREIGN = 'foreign-model';
/** Everything a key limited to OWN must not reach carries this in its id, name, selector or comment. */
export const MARK = 'foreign';

export const PRINCIPALS = [
  { name: 'no key', scope: null, limited: false },
  { name: 'admin', scope: 'admin', limited: false },
  { name: 'read', scope: 'read', limited: false },
  { name: 'ingest', scope: 'ingest', limited: false },
  { name: 'admin limited to own-model', scope: 'admin', limited: true },
  { name: 'read limited to own-model', scope: 'read', limited: true },
  { name: 'ingest limited to own-model', scope: 'ingest', limited: true },
] as const;
export type Principal = (typeof PRINCIPALS)[number];

// The fleet rule's id is plain: alerts it raises on own-model carry it. Its selector holds the mark.
export const RULES = { own: 'own-rule', foreign: 'foreign-rule', fleet: 'fleet-rule' } as const;
export const CHANNEL = 'ops';

export interface World {
  t: TestApp;
  receiver: LocalReceiver;
  keyOf(p: Principal): string | null;
  /** The principal's key signed in as a console session (null for no key). */
  sessionOf(p: Principal): SignedIn | null;
  /** Ids of keys that are only ever targets (revoking them locks no principal out). */
  targetKeys: { own: string; foreign: string; fleet: string };
  alerts: { own: string; foreign: string };
  silences: { own: string; foreign: string; fleet: string };
  /** Keys that are only ever named by login links and hold the target sessions (never revoked). */
  sessionKeys: { own: string; foreign: string; fleet: string };
  /** Console sessions that are only ever targets; their user agents carry the mark but own's. */
  sessions: { own: string; foreign: string; fleet: string };
  restoreSessions(): Promise<void>;
  restoreModels(): Promise<void>;
  restoreRules(): Promise<void>;
  restoreChannel(): Promise<void>;
}

export const ruleSpec = (models: object, channels: string[] = [CHANNEL]) => ({
  models,
  condition: { kind: 'dataset_drift_share' },
  comparator: '>=',
  threshold: 0.5,
  for: 1,
  channels,
  annotations: { summary: 'drift on {{model}}' },
});

const RULE_SPECS = {
  [RULES.own]: ruleSpec({ match: 'models', models: [OWN] }),
  [RULES.foreign]: ruleSpec({ match: 'models', models: [FOREIGN] }),
  [RULES.fleet]: ruleSpec({ match: 'all', exclude: [FOREIGN] }, []),
};

export const silenceBody = (matchers: object[], comment: string) => ({
  matchers,
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  comment,
});

async function createSilence(t: TestApp, matchers: object[], comment: string): Promise<string> {
  const res = await t.request(t.adminKey, {
    method: 'POST',
    url: '/v1/silences',
    payload: silenceBody(matchers, comment),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function alertOf(t: TestApp, rule: string): Promise<string> {
  const res = await t.request(t.adminKey, { method: 'GET', url: `/v1/alerts?rule=${rule}` });
  const [alert] = res.json<{ items: { id: string }[] }>().items;
  expect(alert, res.body).toBeDefined();
  return alert!.id;
}

export async function buildWorld(t: TestApp, receiver: LocalReceiver): Promise<World> {
  const restoreModels = async () => {
    for (const id of [OWN, FOREIGN]) await registerModel(t, id);
  };
  const restoreChannel = async () => {
    await put(t, `/v1/channels/${CHANNEL}`, { type: 'webhook', url: receiver.url('/hook') });
  };
  const builtin = (
    await t.request(t.adminKey, { method: 'GET', url: '/v1/alert-rules/default-dataset-drift' })
  ).json<Record<string, unknown>>();
  const { id: _i, builtin: _b, createdAt: _c, updatedAt: _u, updatedBy: _by, ...defaultSpec } = builtin;
  const restoreRules = async () => {
    for (const [id, spec] of Object.entries(RULE_SPECS)) await put(t, `/v1/alert-rules/${id}`, spec);
    await put(t, '/v1/alert-rules/default-dataset-drift', defaultSpec);
  };

  await restoreModels();
  await restoreChannel();
  await restoreRules();
  const keys = new Map<string, string>();
  for (const p of PRINCIPALS) {
    if (p.scope === null) continue;
    const name = p.limited
      ? `${p.name} principal`
      : `${p.name} principal, unlimited (${MARK} to limited keys)`;
    const issued = await createApiKey(t, {
      scopes: [p.scope],
      name,
      ...(p.limited ? { models: [OWN] } : {}),
    });
    keys.set(p.name, issued.key);
  }
  const target = async (name: string, models?: string[]) =>
    (await createApiKey(t, { scopes: ['read'], name, ...(models ? { models } : {}) })).id;
  const sessions = new Map<string, SignedIn>();
  for (const p of PRINCIPALS) {
    if (p.scope !== null) sessions.set(p.name, await signIn(t, { apiKey: keys.get(p.name)! }));
  }
  const sessionTarget = async (name: string, models?: string[]) => {
    const key = await createApiKey(t, { scopes: ['read'], name, ...(models ? { models } : {}) });
    const session = await signIn(t, { apiKey: key.key }, { 'user-agent': name });
    return { keyId: key.id, sessionId: session.id };
  };
  const sessionTargets = {
    own: await sessionTarget('own session', [OWN]),
    foreign: await sessionTarget(`${MARK} session`, [FOREIGN]),
    fleet: await sessionTarget(`unlimited ${MARK} session`),
  };
  const targetSessionIds = Object.values(sessionTargets).map((x) => x.sessionId);

  await evaluate(t, snapshot({ modelId: OWN, datasetDriftShare: 1 }));
  await evaluate(t, snapshot({ modelId: FOREIGN, datasetDriftShare: 1 }));
  const world: World = {
    t,
    receiver,
    keyOf: (p) => (p.scope === null ? null : keys.get(p.name)!),
    sessionOf: (p) => sessions.get(p.name) ?? null,
    sessionKeys: {
      own: sessionTargets.own.keyId,
      foreign: sessionTargets.foreign.keyId,
      fleet: sessionTargets.fleet.keyId,
    },
    sessions: {
      own: sessionTargets.own.sessionId,
      foreign: sessionTargets.foreign.sessionId,
      fleet: sessionTargets.fleet.sessionId,
    },
    // Undoes what DELETE /v1/sessions/{sessionId} did to the targets.
    restoreSessions: async () => {
      await t.container.pool.query('UPDATE sessions SET revoked_at = NULL WHERE id = ANY($1)', [
        targetSessionIds,
      ]);
    },
    targetKeys: {
      own: await target('own target key', [OWN]),
      foreign: await target(`${MARK} target key`, [FOREIGN]),
      fleet: await target(`unlimited ${MARK} target key`),
    },
    alerts: { own: await alertOf(t, RULES.own), foreign: await alertOf(t, RULES.foreign) },
    silences: {
      own: await createSilence(t, [{ name: 'model', value: OWN }], 'own maintenance'),
      foreign: await createSilence(t, [{ name: 'model', value: FOREIGN }], `${MARK} maintenance`),
      fleet: await createSilence(t, [{ name: 'severity', value: 'critical' }], `${MARK}: every model`),
    },
    restoreModels,
    restoreRules,
    restoreChannel,
  };
  // Pins OWN but names FOREIGN: fleet-wide, so no limited key may list it.
  await createSilence(
    t,
    [
      { name: 'model', value: OWN },
      { name: 'model', op: '!=', value: FOREIGN },
    ],
    'mixed',
  );
  return world;
}
