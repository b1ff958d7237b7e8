import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type PoolClient } from '../../../src/lib/db.js';
import { createLogger } from '../../../src/lib/logger.js';
import { maintenanceStore } from '../../../src/modules/tiles/maintenance.store.js';
import { createQuarantine } from '../../../src/modules/tiles/quarantine.js';
import { quarantineStore } from '../../../src/modules/tiles/quarantine.store.js';
import { createTileMaintenance } from '../../../src/modules/tiles/tiles.maintenance.js';
import type { LoadedWindow } from '../../../src/modules/tiles/window-read.js';
import type { BinarySummary } from '../../../src/stats/performance/index.js';
import {
  categoricalFeature,
  creditEvents,
  creditOutcomes,
  foldEnv,
  HOUR,
  hourStart,
  MINUTE,
  numericFeature,
  spread,
  type CreditEvent,
  type FoldEnv,
} from '../../helpers/fold-env.js';

// Rollup, pruning and windows: a window read from hour tiles, minute tiles and contributions not
// yet compacted must equal the events in it. Expected values are computed here from the events
// posted: counts exactly, sketches within docs/statistics.md's 0.01 (as a CDF error at the percentiles).

let env: FoldEnv;
const start = hourStart(4); // three closed hours: [start, start + 3h)
const events = creditEvents('r', spread(start + 1_000, 3 * HOUR - 2_000, 3_000), 7);
const outcomes = creditOutcomes(events, 8);
const labelled = new Map<string, number>();

beforeAll(async () => {
  env = await foldEnv();
  for (let i = 0; i < events.length; i += 1_000) {
    await env.fold(
      'credit',
      'predictions',
      await env.post('credit', 'predictions', events.slice(i, i + 1_000)),
    );
  }
  await postOutcomes(outcomes.slice(0, 1_500));
  await env.t.container.tileTasks.compactAll();
});

async function postOutcomes(some: typeof outcomes) {
  await env.fold('credit', 'outcomes', await env.post('credit', 'outcomes', some));
  for (const o of some) labelled.set(o.predictionId, o.actual);
}

function maintenance(nowMs: number) {
  const transaction = <T>(fn: (db: PoolClient) => Promise<T>) => withTransaction(env.db.pool, fn);
  const log = createLogger('silent');
  return createTileMaintenance({
    transaction,
    store: maintenanceStore,
    quarantine: createQuarantine({
      transaction,
      store: quarantineStore,
      tileSeconds: 60,
      log,
      counted: () => undefined,
    }),
    tileSeconds: 60,
    fineRetentionHours: 48,
    retentionDays: 90,
    log,
    failed: () => undefined,
    now: () => nowMs,
  });
}

const load = (from: number, to: number) =>
  env.t.container.tiles.loadWindow('credit', new Date(from), new Date(to));

/** Compares a window with the events whose time is in [from, to) (minute-aligned bounds). */
function expectWindowMatches(window: LoadedWindow, from: number, to: number) {
  expect([window.read.from.getTime(), window.read.to.getTime()]).toEqual([from, to]);
  const inside = events.filter((e) => e.timestamp >= from && e.timestamp < to);
  expect(window.traffic.events).toBe(inside.length);
  const incomes = inside
    .flatMap((e) => (e.features.income === null ? [] : [e.features.income]))
    .sort((a, b) => a - b);
  const income = numericFeature(window, 'income');
  expect(income).toMatchObject({ count: incomes.length, nulls: inside.length - incomes.length });
  expect([income.min, income.max]).toEqual([incomes[0], incomes[incomes.length - 1]]);
  expect(income.sum).toBeCloseTo(
    incomes.reduce((s, v) => s + v, 0),
    3,
  );
  expect(income.sketch.isExact).toBe(incomes.length <= 1024);
  for (let p = 1; p < 100; p++) {
    const x = incomes[Math.floor((p / 100) * (incomes.length - 1))]!;
    const exactCdf = upperBound(incomes, x) / incomes.length;
    expect(Math.abs(income.cdf(x) - exactCdf)).toBeLessThanOrEqual(0.01);
  }
  const countries = new Map<string, number>();
  for (const e of inside) countries.set(e.features.country, (countries.get(e.features.country) ?? 0) + 1);
  expect(new Map(categoricalFeature(window, 'country').entries())).toEqual(countries);
  expect((window.traffic.performance as BinarySummary).confusion).toEqual(confusion(inside));
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function confusion(inside: readonly CreditEvent[]) {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const e of inside) {
    const actual = labelled.get(e.predictionId);
    if (actual !== undefined) counts[e.prediction ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn']++;
  }
  return counts;
}

async function tileCount(resolution: number, hour: number): Promise<{ rows: number; events: number }> {
  const [row] = await env.rows<{ rows: number; events: number }>(
    `SELECT count(*)::int AS rows, coalesce(sum(n) FILTER (WHERE key = 'events'), 0)::int AS events FROM tiles
     WHERE model_id = 'credit' AND resolution = $1 AND bucket >= $2 AND bucket < $3`,
    [resolution, new Date(hour), new Date(hour + HOUR)],
  );
  return row!;
}

describe('rollup', () => {
  it('rolls closed hours up into hour tiles that hold what their minute tiles hold', async () => {
    const before = await load(start, start + 3 * HOUR);
    const report = await env.t.container.tileTasks.maintain();
    expect(report.hours).toBe(3);
    for (let h = 0; h < 3; h++) {
      const hour = start + h * HOUR;
      const [minutes, rolled] = [await tileCount(60, hour), await tileCount(3600, hour)];
      expect(rolled.events).toBe(
        events.filter((e) => e.timestamp >= hour && e.timestamp < hour + HOUR).length,
      );
      expect(minutes.events).toBe(rolled.events);
    }
    const after = await load(start, start + 3 * HOUR);
    expect(after.read.merged.fineTiles).toBe(0);
    expect(after.read.merged.hourTiles).toBeGreaterThan(0);
    expect(after.traffic.events).toBe(before.traffic.events);
    expect(after.traffic.performance.labelled).toBe(before.traffic.performance.labelled);
    expectWindowMatches(after, start, start + 3 * HOUR);
  });

  it('reads hour tiles inside, minute tiles at the edges, and contributions not yet compacted', async () => {
    // Late data for rolled-up hours, folded but not compacted: predictions and outcomes.
    await postOutcomes(outcomes.slice(1_500, 2_200));
    const from = start + 17 * MINUTE;
    const to = start + 2 * HOUR + 23 * MINUTE;
    const window = await load(from - 30_000, to - 30_000); // ends move up to the next minute
    expect(window.read.merged.hourTiles).toBeGreaterThan(0);
    expect(window.read.merged.fineTiles).toBeGreaterThan(0);
    expect(window.read.merged.contributions).toBeGreaterThan(0);
    expectWindowMatches(window, from, to);
  });

  it('merges late data into the minute tiles and the hour tile alike', async () => {
    await env.t.container.tileTasks.compactAll();
    const whole = await load(start, start + 3 * HOUR);
    expect(whole.read.merged).toEqual({
      hourTiles: whole.read.merged.hourTiles,
      fineTiles: 0,
      contributions: 0,
    });
    expectWindowMatches(whole, start, start + 3 * HOUR);
    // Ends one minute inside the hour boundaries: the first and last hours come from minute tiles.
    const edges = await load(start + MINUTE, start + 3 * HOUR - MINUTE);
    expectWindowMatches(edges, start + MINUTE, start + 3 * HOUR - MINUTE);
  });

  it('counts events per bucket at the coarsest resolution read', async () => {
    const counts = await env.t.container.tiles.eventCounts(
      'credit',
      new Date(start + 30 * MINUTE),
      new Date(start + 3 * HOUR),
    );
    expect(counts.buckets.filter((b) => b.seconds === 3600).map((b) => b.start.getTime())).toEqual([
      start + HOUR,
      start + 2 * HOUR,
    ]);
    expect(counts.buckets.filter((b) => b.seconds === 60)).toHaveLength(30);
    const expected = events.filter((e) => e.timestamp >= start + 30 * MINUTE).length;
    expect(counts.buckets.reduce((sum, b) => sum + b.events, 0)).toBe(expected);
  });
});

describe('pruning and retention', () => {
  const later = Date.now() + 3 * 24 * HOUR; // past the 48-hour fine-tile horizon

  it('drops minute tiles of old hours; a window with minute edges there widens to whole hours', async () => {
    const report = await maintenance(later).maintain();
    expect(report.pruned).toBeGreaterThan(0);
    expect((await tileCount(60, start)).rows).toBe(0);
    const window = await load(start + 17 * MINUTE, start + 2 * HOUR + 23 * MINUTE);
    expectWindowMatches(window, start, start + 3 * HOUR);
  });

  it('merges a late outcome for a pruned hour into its hour tile only', async () => {
    await postOutcomes(outcomes.slice(2_200, 2_300));
    await maintenance(later).compactAll();
    for (let h = 0; h < 3; h++) expect((await tileCount(60, start + h * HOUR)).rows).toBe(0);
    expectWindowMatches(await load(start, start + 3 * HOUR), start, start + 3 * HOUR);
  });

  it('deletes tiles and pair claims past RETENTION_DAYS', async () => {
    await maintenance(Date.now() + 91 * 24 * HOUR).maintain();
    const [left] = await env.rows<{ tiles: number; pairs: number; rollups: number }>(
      `SELECT (SELECT count(*)::int FROM tiles) AS tiles, (SELECT count(*)::int FROM labelled_pairs) AS pairs,
              (SELECT count(*)::int FROM tile_hours) AS rollups`,
    );
    expect(left).toEqual({ tiles: 0, pairs: 0, rollups: 0 });
  });
});
