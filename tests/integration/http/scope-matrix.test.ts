// The scope matrix (issue 8, "scope everywhere"): every route of the route table × every key
// (admin, read, ingest; unlimited and limited to own-model; none) × own / foreign / fleet-wide /
// missing targets. The outcome each cell must have is derived here from the route's declared
// policy (config.scope and config.access) by the access rule, stated once below independently of
// src/http/plugins/access.ts. Whatever a key limited to own-model receives never names anything
// out of its reach, and what it may not reach answers exactly as what does not exist.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutePolicy } from '../../../src/http/plugins/route-policies.js';
import { ALERTING_TEST_ENV } from '../../helpers/alerting.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';
import { startReceiver, type LocalReceiver } from '../../helpers/local-receiver.js';
import { CASES, type Cell, type RouteCase, type Via } from '../../helpers/scope-cases.js';
import { buildWorld, MARK, PRINCIPALS, type Principal, type World } from '../../helpers/scope-world.js';
import { withSession } from '../../helpers/sessions.js';

let t: TestApp;
let receiver: LocalReceiver;
let world: World;
let table: RoutePolicy[];

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({
    databaseUrl: db.url,
    env: { ...ALERTING_TEST_ENV, RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  receiver = await startReceiver();
  world = await buildWorld(t, receiver);
  table = t.app.routePolicies();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

type Outcome = 'unauthenticated' | 'forbidden' | 'hidden' | 'taken' | 'allowed';
const STATUS: Record<Exclude<Outcome, 'allowed'>, number> = {
  unauthenticated: 401,
  forbidden: 403,
  hidden: 404,
  taken: 409,
};

const hasScope = (p: Principal, scope: RoutePolicy['scope']) => p.scope === 'admin' || p.scope === scope;

/**
 * The access rule. A key limited to own-model reaches only what concerns own-model: a model route
 * hides other models (404, before the scope check); a scoped route filters its lists, hides other
 * objects named in the path (404), refuses bodies that concern other models or the fleet (403),
 * and a PUT that creates by id answers 409 for an id held by something it cannot reach. Fleet-wide
 * routes need an unlimited key (403).
 */
function expected(policy: RoutePolicy, p: Principal, cell: Cell, c: RouteCase, via: Credential): Outcome {
  if (p.scope === null) return 'unauthenticated';
  // The caller's own session takes its cookie only: a bearer key has no session.
  if (policy.access === 'session') return via === 'session' ? 'allowed' : 'unauthenticated';
  const away = p.limited && cell.kind !== 'own';
  if (policy.access === 'model') {
    if (away) return 'hidden';
    return hasScope(p, policy.scope) ? 'allowed' : 'forbidden';
  }
  if (!hasScope(p, policy.scope)) return 'forbidden';
  if (policy.access === 'fleet') return p.limited ? 'forbidden' : 'allowed';
  if (!away || cell.via === 'none' || cell.via === 'query') return 'allowed';
  if (cell.via === 'body') return 'forbidden';
  if (!c.creates) return 'hidden';
  return cell.kind === 'missing' ? 'allowed' : 'taken';
}

/** The answer with the request's own target masked and per-request fields dropped. */
function normalize(res: LightMyRequestResponse, target: string | undefined): string {
  let body: unknown = res.body;
  try {
    const { instance: _i, requestId: _r, ...rest } = res.json<Record<string, unknown>>();
    body = rest;
  } catch {
    // not JSON: compared as it is
  }
  const text = `${res.statusCode} ${JSON.stringify(body)}`;
  return target ? text.replaceAll(target, '<target>') : text;
}

function assertOutcome(outcome: Outcome, res: LightMyRequestResponse, where: string): void {
  if (outcome === 'allowed') {
    expect([401, 403], where).not.toContain(res.statusCode);
    expect(res.statusCode, `${where}: ${res.body}`).toBeLessThan(500);
    return;
  }
  expect(res.statusCode, `${where}: ${res.body}`).toBe(STATUS[outcome]);
  expect(String(res.headers['content-type']), where).toMatch(/^application\/problem\+json/);
}

/** Missing targets first, so that every other cell can be compared with the one of its kind of request. */
const missingFirst = (cells: Cell[]) =>
  [...cells].sort((a, b) => Number(b.kind === 'missing') - Number(a.kind === 'missing'));

/**
 * How a principal's requests authenticate: its bearer key, or its key's console session (the
 * cookie, and the CSRF token a console sends), which must reach exactly what the key reaches.
 */
type Credential = 'bearer' | 'session';

function send(p: Principal, via: Credential, request: Cell['request']) {
  const session = world.sessionOf(p);
  if (via === 'bearer' || !session) return t.request(world.keyOf(p), request);
  return t.app.inject(withSession(session, request));
}

async function runCells(policy: RoutePolicy, c: RouteCase, p: Principal, via: Credential): Promise<void> {
  const missing = new Map<Via, { status: number; normalized: string }>();
  for (const cell of missingFirst(c.cells(world))) {
    await c.reset?.(world);
    const res = await send(p, via, cell.request);
    const outcome = expected(policy, p, cell, c, via);
    const where = `${policy.method} ${policy.url} as ${p.name} by ${via}, ${cell.kind} target by ${cell.via} (${outcome})`;
    assertOutcome(outcome, res, where);
    const normalized = normalize(res, cell.target);
    const twin = missing.get(cell.via);
    if (cell.kind === 'missing') missing.set(cell.via, { status: res.statusCode, normalized });
    if (p.limited) {
      // Nothing out of reach, beyond the id the request itself named.
      const body = cell.target ? res.body.replaceAll(cell.target, '') : res.body;
      expect(body, where).not.toContain(MARK);
      const refused = outcome === 'hidden' || outcome === 'forbidden';
      if (refused && cell.kind !== 'own' && twin) expect(normalized, where).toBe(twin.normalized);
    }
    if (outcome === 'allowed' && cell.kind !== 'missing' && twin?.status === 404) {
      expect(normalized, `${where}: an existing target answered as a missing one`).not.toBe(twin.normalized);
    }
    if (outcome === 'allowed' && !p.limited && cell.listsForeign) expect(res.body, where).toContain(MARK);
  }
  await c.reset?.(world);
}

const routeName = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const scoped = () => table.filter((r) => r.method !== 'HEAD' && r.access !== 'public');

describe('the route table', () => {
  it('every route declares a policy, and every non-public route has cases in the matrix', () => {
    expect(table.length).toBeGreaterThan(30);
    for (const r of table) expect(r.access, routeName(r)).not.toBeNull();
    expect(scoped().map(routeName).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('a HEAD route of the API is its GET route, with the same policy', () => {
    for (const head of table.filter((r) => r.method === 'HEAD' && r.access !== 'public')) {
      expect(table, routeName(head)).toContainEqual({ ...head, method: 'GET' });
    }
  });

  it('public routes answer without a key', async () => {
    for (const r of table.filter((x) => x.access === 'public' && x.method === 'GET')) {
      const res = await t.request(null, { method: 'GET', url: r.url.replace('*', 'index.html') });
      expect([401, 403], routeName(r)).not.toContain(res.statusCode);
      expect(res.statusCode, routeName(r)).toBeLessThan(500);
    }
  });
});

describe('the scope matrix', () => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const policy = scoped().find((r) => routeName(r) === name);
    expect(policy, `${name} is not in the route table`).toBeDefined();
    for (const p of PRINCIPALS) await runCells(policy!, CASES[name]!, p, 'bearer');
  });
});

// Every route again with each key's console session: a limited key's session reaches exactly what
// the key does. Routes of the caller's own session are left out (signing out would end the
// principal's session); tests/integration/sessions/sessions.test.ts covers them.
describe('the scope matrix through console sessions', () => {
  const names = Object.keys(CASES).filter((name) => !name.includes('/sessions/current'));
  it.each(names)('%s', async (name) => {
    const policy = scoped().find((r) => routeName(r) === name)!;
    for (const p of PRINCIPALS) await runCells(policy, CASES[name]!, p, 'session');
  });
});
