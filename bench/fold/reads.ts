import { performance } from 'node:perf_hooks';
import type { Pool } from '../../src/lib/db.js';
import { mergeRows } from '../../src/stats/core/merge-rows.js';
import { decodeSummary, keyKind, type SummaryKind } from '../../src/stats/core/summary-codec.js';
import type { TilesService } from '../../src/modules/tiles/tiles.service.js';
import { tilesStore } from '../../src/modules/tiles/tiles.store.js';
import { planWindow } from '../../src/modules/tiles/window-plan.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (t0: number) => performance.now() - t0;

/**
 * Tile sizes, then window reads. The bench hour (rolled up) is copied to the 23 hours before it,
 * so that a 24-hour window reads 24 real hour tiles per key.
 */
export async function benchReads(pool: Pool, tiles: TilesService, hour: number): Promise<void> {
  const sizes = await pool.query<{ resolution: number; rows: number; avg: number; total: string }>(
    `SELECT resolution, count(*)::int AS rows, avg(octet_length(bytes))::int AS avg,
            sum(octet_length(bytes))::bigint AS total
     FROM tiles WHERE key <> 'events' GROUP BY resolution ORDER BY resolution`,
  );
  for (const r of sizes.rows) {
    console.log(`tiles of ${r.resolution} s: ${fmt(r.rows)} summary rows, ${fmt(r.avg)} bytes on average`);
  }
  await pool.query(
    `INSERT INTO tiles (model_id, slice, resolution, bucket, key, n, bytes)
     SELECT model_id, slice, resolution, bucket - make_interval(hours => h), key, n, bytes
     FROM tiles, generate_series(1, 23) AS h WHERE resolution = 3600`,
  );
  await pool.query(
    `INSERT INTO tile_hours (model_id, hour, rolled_at)
     SELECT 'bench', $1::timestamptz - make_interval(hours => h), now() FROM generate_series(1, 23) AS h`,
    [new Date(hour)],
  );
  for (const [label, from, to] of [
    ['1 hour from 60 minute tiles', hour + MINUTE, hour + HOUR + MINUTE],
    ['1 hour from one hour tile', hour, hour + HOUR],
    ['24 hours from hour tiles', hour - 23 * HOUR, hour + HOUR],
  ] as const) {
    await tiles.loadWindow('bench', new Date(from), new Date(to)); // warm
    const t0 = performance.now();
    const window = await tiles.loadWindow('bench', new Date(from), new Date(to));
    console.log(
      `loadWindow ${label}: ${ms(t0).toFixed(0)} ms for ${fmt(window.traffic.events)} events (rows ${JSON.stringify(window.read.merged)})`,
    );
  }
  // Where the 24-hour read goes: the query, decoding the rows, merging them.
  const from = hour - 23 * HOUR;
  const plan = planWindow(
    from,
    hour + HOUR,
    MINUTE,
    await tilesStore.readRollups(pool, 'bench', from, hour + 2 * HOUR),
  );
  let t0 = performance.now();
  const rows = await tilesStore.readPlan(pool, 'bench', plan, 60);
  const query = ms(t0);
  t0 = performance.now();
  for (const row of rows) if (row.bytes) decodeSummary(keyKind(row.key) as SummaryKind, row.bytes);
  const decode = ms(t0);
  t0 = performance.now();
  mergeRows(rows);
  console.log(
    `24-hour read: query ${query.toFixed(0)} ms, decode ${decode.toFixed(0)} ms, merge ${(ms(t0) - decode).toFixed(0)} ms`,
  );
}
