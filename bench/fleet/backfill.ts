import type pg from 'pg';
import type { ModelSpec } from '../../src/domain/model-spec.js';
import { encodeMerged, mergeRows } from '../../src/stats/core/merge-rows.js';
import { createTileFolder, type TileRow } from '../../src/modules/tiles/tile-folder.js';
import { seededRandom } from '../../tests/helpers/random.js';
import { VERSION_KEY } from '../../src/modules/tiles/segment-values.js';
import { benchEvents, storedPrediction } from '../fold/events.js';
import { regionOf, SEGMENT_KEY, sliced, slicesOf, STABLE, type Slicing } from './slicing.js';

/** A tile row of one slice. */
type SlicedRow = TileRow & { slice: string };

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * A day of one model's past traffic (`perMinute` events a minute, one in five labelled) folded
 * by the real tile folder into minute tiles, and each whole hour merged into hour tiles as rollup
 * does. Minute tiles are kept for the current hour and the one before (the 5m and 1h windows,
 * and the 24 h window's newest edge); older hours keep their hour tiles only, as if pruned, which
 * is what the 24 h window reads of them anyway, except at its oldest edge: there it widens to the
 * whole hour 24 h ago (one hour tile instead of up to 59 minute tiles), so that a thousand
 * models' day fits in a few GB.
 */
export function dayOfTiles(spec: ModelSpec, nowMs: number, perMinute: number, slicing: Slicing) {
  const rng = seededRandom(11);
  const current = Math.floor(nowMs / HOUR) * HOUR;
  const firstHour = current - 25 * HOUR;
  const keepMinutes = (hour: number) => hour >= current - HOUR;
  const minutes: SlicedRow[] = [];
  const hours: SlicedRow[] = [];
  const hourRows: { hour: number; pruned: boolean; rolled: boolean }[] = [];
  for (let hour = firstHour; hour <= current; hour += HOUR) {
    const ofHour: SlicedRow[] = [];
    for (let m = hour; m < Math.min(hour + HOUR, Math.floor(nowMs / MINUTE) * MINUTE); m += MINUTE) {
      // One folder per slice, as the fold keeps them (src/modules/tiles/slices.ts).
      const folders = new Map<string, ReturnType<typeof createTileFolder>>();
      const folderOf = (slice: string) => {
        let folder = folders.get(slice);
        if (!folder) folders.set(slice, (folder = createTileFolder(spec, 60)));
        return folder;
      };
      const events = benchEvents(rng, `b${m}`, m, perMinute).map((e, i) => sliced(e, i, slicing));
      for (const [i, e] of events.entries()) {
        const p = storedPrediction(e);
        const actual = i % 5 === 0 ? (rng.uniform() < e.score! ? 1 : 0) : null;
        for (const slice of ['', ...slicesOf(e)]) {
          const folder = folderOf(slice);
          folder.addPrediction(p);
          if (actual !== null) folder.addPair({ ...p, actual, value: null });
        }
      }
      for (const [slice, folder] of folders) ofHour.push(...folder.rows().map((r) => ({ ...r, slice })));
    }
    const whole = hour < current;
    if (whole) {
      const bySlice = new Map<string, SlicedRow[]>();
      for (const r of ofHour) bySlice.set(r.slice, [...(bySlice.get(r.slice) ?? []), r]);
      for (const [slice, rows] of bySlice) {
        for (const [key, merged] of mergeRows(rows)) {
          hours.push({ slice, bucketMs: hour, key, n: merged.n, bytes: encodeMerged(merged) });
        }
      }
    }
    if (keepMinutes(hour)) minutes.push(...ofHour);
    hourRows.push({ hour, pruned: !keepMinutes(hour), rolled: whole });
  }
  return { minutes, hours, hourRows, firstMs: firstHour, lastMs: nowMs, perMinute, slicing };
}

async function insertTiles(db: pg.Pool, modelId: string, resolution: number, rows: SlicedRow[]) {
  for (let i = 0; i < rows.length; i += 2_000) {
    const part = rows.slice(i, i + 2_000);
    await db.query(
      `INSERT INTO tiles (model_id, slice, resolution, bucket, key, n, bytes)
       SELECT $1, s, $2, b, k, n, bytes
       FROM unnest($3::timestamptz[], $4::text[], $5::bigint[], $6::bytea[], $7::text[]) AS r(b, k, n, bytes, s)`,
      [
        modelId,
        resolution,
        part.map((r) => new Date(r.bucketMs).toISOString()),
        part.map((r) => r.key),
        part.map((r) => r.n),
        part.map((r) => (r.bytes === null ? null : Buffer.from(r.bytes))),
        part.map((r) => r.slice),
      ],
    );
  }
}

/** Writes the template model's day of tiles. */
export async function backfillTemplate(db: pg.Pool, modelId: string, day: ReturnType<typeof dayOfTiles>) {
  await insertTiles(db, modelId, 60, day.minutes);
  await insertTiles(db, modelId, 3600, day.hours);
  for (const h of day.hourRows) {
    await db.query(
      `INSERT INTO tile_hours (model_id, hour, rolled_at, minutes_pruned) VALUES ($1, $2, $3, $4)`,
      [modelId, new Date(h.hour), h.rolled ? new Date() : null, h.pruned],
    );
  }
  // What the fold would have recorded of that day: the segment values and versions kept apart
  // (all of them: the bench stays within the caps) and each version's sightings.
  const regions = Array.from({ length: day.slicing.segmentValues }, (_, i) => regionOf(i, day.slicing)!);
  const versions = day.slicing.versions === 1 ? [STABLE] : [STABLE, '2.1.0-canary'];
  for (const [key, values] of [
    [SEGMENT_KEY, regions],
    [VERSION_KEY, versions],
  ] as const) {
    await db.query(
      `INSERT INTO segment_values (model_id, key, value, rank)
       SELECT $1, $2, v, ord FROM unnest($3::text[]) WITH ORDINALITY AS t(v, ord)`,
      [modelId, key, values],
    );
  }
  const minutes = Math.round((day.lastMs - day.firstMs) / MINUTE);
  for (const version of versions) {
    const share = versions.length === 1 ? 1 : version === STABLE ? 0.9 : 0.1;
    await db.query(
      `INSERT INTO model_versions (model_id, version, first_seen, last_seen, predictions) VALUES ($1, $2, $3, $4, $5)`,
      [
        modelId,
        version,
        new Date(day.firstMs),
        new Date(day.lastMs),
        Math.round(minutes * day.perMinute * share),
      ],
    );
  }
}

/**
 * The fleet: `count − 1` copies of the template model (spec, lifecycle, its reference and its
 * tiles), made in SQL so that a thousand models take seconds rather than a thousand uploads.
 */
export async function cloneTemplate(db: pg.Pool, template: string, ids: readonly string[]): Promise<void> {
  const others = ids.filter((id) => id !== template);
  await db.query(
    `INSERT INTO models (id, name, task, spec, schema_version, lifecycle_status)
     SELECT i, i, task, spec, schema_version, lifecycle_status FROM models, unnest($2::text[]) AS i WHERE id = $1`,
    [template, others],
  );
  await db.query(
    `INSERT INTO model_references (model_id, version, source, range_from, range_to, task, rows, labelled,
                                   profile, cbpe, performance, created_by)
     SELECT i, version, source, range_from, range_to, task, rows, labelled, profile, cbpe, performance, created_by
     FROM model_references, unnest($2::text[]) AS i WHERE model_id = $1`,
    [template, others],
  );
  await db.query(
    `INSERT INTO reference_summaries (reference_id, key, bytes)
     SELECT c.id, s.key, s.bytes FROM reference_summaries s
     JOIN model_references r ON r.id = s.reference_id AND r.model_id = $1
     JOIN model_references c ON c.model_id = ANY($2::text[])`,
    [template, others],
  );
  for (const id of others) {
    await db.query(
      `INSERT INTO tiles (model_id, slice, resolution, bucket, key, n, bytes)
       SELECT $2, slice, resolution, bucket, key, n, bytes FROM tiles WHERE model_id = $1`,
      [template, id],
    );
  }
  await db.query(
    `INSERT INTO segment_values (model_id, key, value, rank)
     SELECT i, key, value, rank FROM segment_values, unnest($2::text[]) AS i WHERE model_id = $1`,
    [template, others],
  );
  await db.query(
    `INSERT INTO model_versions (model_id, version, first_seen, last_seen, predictions)
     SELECT i, version, first_seen, last_seen, predictions FROM model_versions, unnest($2::text[]) AS i
      WHERE model_id = $1`,
    [template, others],
  );
  await db.query(
    `INSERT INTO tile_hours (model_id, hour, rolled_at, minutes_pruned)
     SELECT i, hour, rolled_at, minutes_pruned FROM tile_hours, unnest($2::text[]) AS i WHERE model_id = $1`,
    [template, others],
  );
}
