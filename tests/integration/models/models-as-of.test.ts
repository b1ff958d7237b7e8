/**
 * The inventory as it was (`GET /v1/models?asOf=`), replayed from the audit log: a model's spec,
 * schema version and archiving at any past time; a model created later is absent; filters and a
 * limited key's models apply to the past inventory as to today's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../src/modules/models/models.schemas.js';
import { createApiKey } from '../../helpers/api-keys.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { freshDatabase } from '../../helpers/db.js';

let t: TestApp;
const times: Record<string, string> = {};

const spec = (owner: string, features: string[], threshold = 0.1) => ({
  name: 'credit',
  task: 'binary_classification',
  owner,
  tags: { team: 'risk' },
  features: features.map((name) => ({ name, type: 'numerical', drift: { threshold } })),
});

async function change(label: string, method: 'PUT' | 'DELETE', id: string, payload?: object) {
  const res = await t.request(t.adminKey, {
    method,
    url: `/v1/models/${id}`,
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const audit = await t.request(t.adminKey, { method: 'GET', url: `/v1/models/${id}/audit?limit=1` });
  times[label] = audit.json<{ items: { at: string }[] }>().items[0]!.at;
}

async function asOf(label: string, query = '', key = t.adminKey): Promise<Model[]> {
  const res = await t.request(key, {
    method: 'GET',
    url: `/v1/models?asOf=${encodeURIComponent(times[label]!)}${query}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Model[] }>().items;
}

beforeAll(async () => {
  const db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url });
  await change('created', 'PUT', 'a', spec('ana', ['age']));
  await change('threshold', 'PUT', 'a', spec('ana', ['age'], 0.2));
  await change('feature', 'PUT', 'a', spec('bo', ['age', 'income'], 0.2));
  await change('archived', 'DELETE', 'a');
  await change('b', 'PUT', 'b', spec('bo', ['x']));
});
afterAll(() => t.close());

describe('the inventory as of a past time', () => {
  it('shows each spec and schema version as it was', async () => {
    const [created] = await asOf('created');
    expect(created).toMatchObject({ id: 'a', owner: 'ana', schemaVersion: 1, archivedAt: null });
    expect(created!.createdAt).toBe(times.created);
    // A drift setting changes nothing events are validated against: the version stays.
    const [threshold] = await asOf('threshold');
    expect(threshold).toMatchObject({ schemaVersion: 1, updatedAt: times.threshold });
    expect(threshold!.features[0]!.drift).toEqual({ threshold: 0.2 });
    const [feature] = await asOf('feature');
    expect(feature).toMatchObject({ owner: 'bo', schemaVersion: 2 });
    expect(feature!.features.map((f) => f.name)).toEqual(['age', 'income']);
  });

  it('leaves out models created later, and archived ones unless asked', async () => {
    expect((await asOf('feature')).map((m) => m.id)).toEqual(['a']);
    expect(await asOf('archived')).toEqual([]);
    const [archived] = await asOf('archived', '&includeArchived=true');
    expect(archived).toMatchObject({ id: 'a', archivedAt: times.archived, schemaVersion: 2 });
    expect((await asOf('b')).map((m) => m.id)).toEqual(['b']);
  });

  it('matches today’s inventory at the latest time, and applies filters and key limits', async () => {
    const today = (
      await t.request(t.adminKey, { method: 'GET', url: '/v1/models?includeArchived=true' })
    ).json<{
      items: Model[];
    }>().items;
    expect(await asOf('b', '&includeArchived=true')).toEqual(today);
    expect((await asOf('threshold', '&owner=bo')).map((m) => m.id)).toEqual([]);
    expect((await asOf('feature', '&owner=bo&tag=team:risk')).map((m) => m.id)).toEqual(['a']);
    const { key } = await createApiKey(t, { scopes: ['read'], models: ['b'] });
    expect((await asOf('b', '&includeArchived=true', key)).map((m) => m.id)).toEqual(['b']);
  });
});
