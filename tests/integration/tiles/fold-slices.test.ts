import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedWindow } from '../../../src/modules/tiles/window-read.js';
import {
  CREDIT,
  creditEvents,
  creditOutcomes,
  foldEnv,
  hourStart,
  HOUR,
  MINUTE,
  numericFeature,
  spread,
  type FoldEnv,
} from '../../helpers/fold-env.js';
import { MAX_VERSION_SLICES } from '../../../src/modules/tiles/segment-values.js';

// Slices (src/modules/tiles/README.md "Slices"): the fold writes the overall summaries plus one set
// per declared segment value (the first maxValues values ranked, the rest as __other__) and per
// model version. Expected counts are those of the events posted, computed here.

let env: FoldEnv;
const SLICED = { ...CREDIT, segments: [{ key: 'channel', maxValues: 2 }] };
const CHANNELS = ['web', 'app', 'shop', 'mail'];

beforeAll(async () => {
  env = await foldEnv({ models: { sliced: SLICED } });
});

/** Credit events with a channel (every fifth has none) and one of two versions. */
function slicedEvents(prefix: string, times: number[], seed: number) {
  return creditEvents(prefix, times, seed).map((e, i) => ({
    ...e,
    modelVersion: i % 3 === 0 ? 'v2' : 'v1',
    ...(i % 5 === 4 ? {} : { segments: { channel: CHANNELS[i % 4]!, other: 'x' } }),
  }));
}
/** Events per slice of a model's tiles in [from, to), from the `events` counts (tiles and contributions). */
async function eventsBySlice(modelId: string, from: number, to: number): Promise<Record<string, number>> {
  const rows = await env.rows<{ slice: string; n: string }>(
    `SELECT slice, sum(n)::text AS n FROM (
       SELECT slice, n FROM tile_contributions WHERE model_id = $1 AND key = 'events' AND bucket >= $2 AND bucket < $3
       UNION ALL
       SELECT slice, n FROM tiles WHERE model_id = $1 AND key = 'events' AND resolution <> 3600 AND bucket >= $2 AND bucket < $3
     ) r GROUP BY slice`,
    [modelId, new Date(from), new Date(to)],
  );
  return Object.fromEntries(rows.map((r) => [r.slice, Number(r.n)]));
}

type SlicedEvent = ReturnType<typeof slicedEvents>[number];

const load = (from: number, to: number, slice: string): Promise<LoadedWindow> =>
  env.t.container.tiles.loadWindow('sliced', new Date(from), new Date(to), { slice });

/** Per slice, the events and labelled pairs it must hold, given the kept channels. */
function expected(events: SlicedEvent[], labelled: Set<string>, kept: readonly string[]) {
  const counts = new Map<string, { events: number; pairs: number; ages: number }>();
  const add = (slice: string, e: SlicedEvent) => {
    const c = counts.get(slice) ?? { events: 0, pairs: 0, ages: 0 };
    c.events++;
    c.ages += e.features.age;
    if (labelled.has(e.predictionId)) c.pairs++;
    counts.set(slice, c);
  };
  for (const e of events) {
    add('', e);
    add(`version:${e.modelVersion}`, e);
    const channel = e.segments?.channel;
    if (channel) add(`segment:channel=${kept.includes(channel) ? channel : '__other__'}`, e);
  }
  return counts;
}

async function expectSlices(from: number, to: number, want: ReturnType<typeof expected>) {
  for (const [slice, c] of want) {
    const window = await load(from, to, slice);
    expect({ slice, events: window.traffic.events, pairs: window.traffic.pairs }).toEqual({
      slice,
      events: c.events,
      pairs: c.pairs,
    });
    const age = numericFeature(window, 'age');
    expect(age.count).toBe(c.events);
    expect(age.mean * age.count).toBeCloseTo(c.ages, 6);
  }
}

describe('a sliced fold', () => {
  const base = hourStart(3) + 5 * MINUTE;

  it('writes each declared segment value and version apart, once, whether folded twice or at once', async () => {
    const events = slicedEvents('a', spread(base, 4 * MINUTE, 400), 1);
    const [batchId] = await env.post('sliced', 'predictions', events);
    const request = { batchId: batchId!, modelId: 'sliced', kind: 'predictions' as const };
    const folds = env.t.container.folds;
    const results = await Promise.all([folds.foldBatch(request), folds.foldBatch(request)]);
    expect(results.map((r) => r.status).sort()).toEqual(['already_folded', 'folded']);
    expect((await folds.foldBatch(request)).status).toBe('already_folded');

    // The batch's values in value order: app and mail take the two places; shop and web are __other__.
    const ranks = await env.rows<{ value: string; rank: number }>(
      "SELECT value, rank FROM segment_values WHERE model_id = 'sliced' AND key = 'channel' ORDER BY rank",
    );
    expect(ranks).toEqual([
      { value: 'app', rank: 1 },
      { value: 'mail', rank: 2 },
    ]);
    const outcomes = creditOutcomes(events).filter((_, i) => i % 2 === 0);
    await env.fold('sliced', 'outcomes', await env.post('sliced', 'outcomes', outcomes));
    const labelled = new Set(outcomes.map((o) => o.predictionId));
    const want = expected(events, labelled, ['app', 'mail']);
    expect([...want.keys()].sort()).toEqual([
      '',
      'segment:channel=__other__',
      'segment:channel=app',
      'segment:channel=mail',
      'version:v1',
      'version:v2',
    ]);
    await expectSlices(base, base + 4 * MINUTE, want);
    // A slice nobody wrote reads empty.
    expect((await load(base, base + 4 * MINUTE, 'segment:channel=web')).traffic.events).toBe(0);

    // Compacted, then rolled up into hour tiles: every slice still holds exactly its events.
    await env.t.container.tileTasks.compactAll();
    await expectSlices(base, base + 4 * MINUTE, want);
    const report = await env.t.container.tileTasks.maintain();
    expect(report.failed).toEqual([]);
    const hour = Math.floor(base / HOUR) * HOUR;
    const hourTiles = await env.rows<{ slice: string; events: number }>(
      `SELECT slice, n::int AS events FROM tiles
       WHERE model_id = 'sliced' AND resolution = 3600 AND key = 'events' ORDER BY slice`,
    );
    expect(hourTiles).toEqual(
      [...want]
        .map(([slice, c]) => ({ slice, events: c.events }))
        .sort((a, b) => (a.slice < b.slice ? -1 : 1)),
    );
    await expectSlices(hour, hour + HOUR, want);
  });

  it('keeps apart only the newest MAX_VERSION_SLICES versions, however many a batch sends', async () => {
    await env.registerModel('versioned', CREDIT);
    const times = spread(base, 2 * MINUTE, MAX_VERSION_SLICES + 2);
    // One version per event, as a careless client might send: v00 … v11.
    const events = creditEvents('ver', times, 3).map((e, i) => ({
      ...e,
      modelVersion: `v${String(i).padStart(2, '0')}`,
    }));
    await env.fold('versioned', 'predictions', await env.post('versioned', 'predictions', events));
    const sliced = await env.rows<{ slice: string }>(
      `SELECT DISTINCT slice FROM tile_contributions WHERE model_id = 'versioned' AND slice <> ''
       UNION SELECT DISTINCT slice FROM tiles WHERE model_id = 'versioned' AND slice <> '' ORDER BY 1`,
    );
    // Ranked in value order within the batch: v00 and v01 are the oldest, displaced at once.
    expect(sliced.map((r) => r.slice)).toEqual(events.slice(2).map((e) => `version:${e.modelVersion}`));
    // A newer version displaces the oldest kept one; what v02 wrote before stays.
    const later = creditEvents('ver-late', [base + 3 * MINUTE, base + 3 * MINUTE + 1000], 4).map((e, i) => ({
      ...e,
      modelVersion: i === 0 ? 'v12' : 'v02',
    }));
    await env.fold('versioned', 'predictions', await env.post('versioned', 'predictions', later));
    const late = await eventsBySlice('versioned', base + 3 * MINUTE, base + 4 * MINUTE);
    expect(late).toEqual({ '': 2, 'version:v12': 1 });
  });

  it('ranks at most maxValues values when folds of new values race', async () => {
    await env.registerModel('racing', { ...CREDIT, segments: [{ key: 'channel', maxValues: 3 }] });
    const at = hourStart(2) + 10 * MINUTE;
    const batches = await Promise.all(
      ['p', 'q', 'r', 's', 't'].map((letter, b) =>
        env.post(
          'racing',
          'predictions',
          creditEvents(`race-${letter}`, spread(at, MINUTE, 20), b).map((e) => ({
            ...e,
            segments: { channel: `${letter}${b}` },
          })),
        ),
      ),
    );
    await Promise.all(
      batches
        .flat()
        .map((batchId) =>
          env.t.container.folds.foldBatch({ batchId, modelId: 'racing', kind: 'predictions' }),
        ),
    );
    const ranks = await env.rows<{ value: string; rank: number }>(
      "SELECT value, rank FROM segment_values WHERE model_id = 'racing' ORDER BY rank",
    );
    expect(ranks.map((r) => r.rank)).toEqual([1, 2, 3]);
    const slices = await env.rows<{ slice: string; events: number }>(
      `SELECT slice, sum(n)::int AS events FROM tile_contributions
       WHERE model_id = 'racing' AND key = 'events' GROUP BY slice ORDER BY slice`,
    );
    expect(slices).toEqual(
      [
        { slice: '', events: 100 },
        { slice: 'segment:channel=__other__', events: 40 },
        ...ranks.map((r) => ({ slice: `segment:channel=${r.value}`, events: 20 })),
      ].sort((a, b) => (a.slice < b.slice ? -1 : 1)),
    );
  });
});

describe('declaring segments', () => {
  it('answers 400 naming the field for a bad key, a bad cap or a repeated key', async () => {
    for (const [segments, pointer] of [
      [[{ key: 'coun try' }], '/segments/0/key'],
      [[{ key: 'country', maxValues: 0 }], '/segments/0/maxValues'],
      [[{ key: 'country' }, { key: 'country' }], '/segments'],
    ] as const) {
      const res = await env.t.request(env.t.adminKey, {
        method: 'PUT',
        url: '/v1/models/bad-segments',
        payload: { ...CREDIT, segments },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });

  it('fills in the default cap and keeps the declaration in the audited spec', async () => {
    await env.registerModel('declared', { ...CREDIT, segments: [{ key: 'country' }] });
    const res = await env.t.request(env.t.adminKey, { method: 'GET', url: '/v1/models/declared' });
    expect(res.json().segments).toEqual([{ key: 'country', maxValues: 20 }]);
  });
});
