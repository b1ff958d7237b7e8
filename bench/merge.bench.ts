// Merging a window's tiles in memory, without Postgres (issue 13): `minutes` minute tiles of
// bench/fold's model (20 features, binary with scores; EVENTS_PER_MINUTE events each, default
// 1,000) are folded and encoded once, then decoded and merged key by key as a window read does
// (mergeDecodable), RUNS times (default 9): all rows, then each kind's rows alone.
//   node --import tsx bench/merge.bench.ts [minutes] [kind]
// With a kind (cbpe, numerical, …, or all) only that kind's rows are merged: under
// `valgrind --tool=callgrind`, RUNS=3 minus RUNS=1 counts the instructions of two merges.
// TILES=<file> keeps the folded rows in a file (written on the first run, read afterwards), so
// that repeated runs, and runs under callgrind, skip the fold.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { modelSpecSchema } from '../src/domain/model-spec.js';
import { mergeDecodable } from '../src/stats/core/merge-rows.js';
import { createTileFolder, type TileRow } from '../src/modules/tiles/tile-folder.js';
import { seededRandom } from '../tests/helpers/random.js';
import { BENCH_SPEC, benchEvents, storedPrediction } from './fold/events.js';
import { fmt, median, timed } from './timing.js';

const MINUTES = Number(process.argv[2] ?? 60);
const ONLY = process.argv[3];
const PER_MINUTE = Number(process.env.EVENTS_PER_MINUTE ?? 1_000);
const RUNS = Number(process.env.RUNS ?? 9);

function foldRows(): TileRow[] {
  const spec = modelSpecSchema.parse(BENCH_SPEC);
  const rng = seededRandom(7);
  const rows: TileRow[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const folder = createTileFolder(spec, 60);
    for (const r of benchEvents(rng, `w${m}`, m * 60_000, PER_MINUTE))
      folder.addPrediction(storedPrediction(r));
    rows.push(...folder.rows());
  }
  return rows;
}

type Stored = { bucketMs: number; key: string; n: number; bytes: string | null }[];
const CACHE = process.env.TILES;
const rows: TileRow[] =
  CACHE !== undefined && existsSync(CACHE)
    ? (JSON.parse(readFileSync(CACHE, 'utf8')) as Stored).map((r) => ({
        ...r,
        bytes: r.bytes === null ? null : new Uint8Array(Buffer.from(r.bytes, 'base64')),
      }))
    : foldRows();
if (CACHE !== undefined && !existsSync(CACHE)) {
  const stored: Stored = rows.map((r) => ({
    ...r,
    bytes: r.bytes === null ? null : Buffer.from(r.bytes).toString('base64'),
  }));
  writeFileSync(CACHE, JSON.stringify(stored));
}

const kindOf = (key: string) => key.split(':', 1)[0]!;
const bytes = (of: TileRow[]) => of.reduce((s, r) => s + (r.bytes?.length ?? 0), 0);
const stats = (ms: number[]) =>
  `median ${median(ms).toFixed(1)} ms (${ms[0]!.toFixed(1)}–${ms[ms.length - 1]!.toFixed(1)}, ${ms.length} runs)`;

console.log(`${fmt(rows.length)} rows of minute tiles, ${fmt(bytes(rows) / 1024)} KB`);
if (ONLY === undefined || ONLY === 'all') {
  const all = await timed(RUNS, () => mergeDecodable(rows));
  console.log(`merge all rows:  ${stats(all.ms)}`);
}
const kinds = ONLY === undefined ? ['cbpe', 'numerical', 'categorical', 'comoments'] : [ONLY];
for (const kind of kinds.filter((k) => k !== 'all')) {
  const ofKind = rows.filter((r) => kindOf(r.key) === kind);
  const t = await timed(RUNS, () => mergeDecodable(ofKind));
  console.log(`  ${kind.padEnd(12)} ${fmt(bytes(ofKind) / MINUTES / 1024)} KB/tile  ${stats(t.ms)}`);
}
