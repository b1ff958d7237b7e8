import type pg from 'pg';
import Fastify from 'fastify';
import { modelSpecSchema } from '../../src/domain/model-spec.js';
import { BatchCollector } from '../../src/modules/ingest/batch-collector.js';
import { CLAIM_IDS_AND_BATCH, copyText } from '../../src/modules/ingest/predictions-copy.js';
import { compileValidators, type PredictionRow } from '../../src/modules/ingest/ingest.validator.js';
import { cpuSeconds } from './cpu.js';
import { BENCH_SPEC } from './events.js';
import type { Loader } from './loaders.js';

/*
 * Where an event's time goes, measured apart from the concurrent run so that each part is alone on
 * a core: the API's own steps on the same request bodies in this process, and each write path on
 * one connection (its backend's CPU from /proc, and wall time; EXPLAIN ANALYZE splits the
 * store path's statement).
 */

export interface ApiSteps {
  parse: number;
  validate: number;
  encode: number;
}

/** The parser Fastify gives a JSON body (its defaults refuse `__proto__` and `constructor.prototype`). */
const jsonParser = Fastify().getDefaultJsonParser('error', 'error');

/** µs per event of Fastify's JSON parse (secure-json-parse, as Fastify calls it), validation, COPY text. */
export function apiSteps(bodies: string[], rounds = 5): ApiSteps {
  const validators = compileValidators(modelSpecSchema.parse(BENCH_SPEC));
  const nowMs = Date.now();
  const window = { nowMs, oldestMs: nowMs - 30 * 86_400_000, retentionDays: 30 };
  const totals = { parse: 0, validate: 0, encode: 0 };
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    for (const body of bodies) {
      const t0 = performance.now();
      let parsed = { events: [] as unknown[] };
      jsonParser(
        undefined as never,
        body,
        (_err: unknown, value: unknown) => (parsed = value as typeof parsed),
      );
      const t1 = performance.now();
      const collector = new BatchCollector(validators.predictions, window);
      parsed.events.forEach((event, i) => collector.add(event, i));
      const { batches } = collector.finish(parsed.events.length);
      const t2 = performance.now();
      for (const batch of batches)
        copyText(
          'bench-ingest',
          1,
          batch.rows,
          batch.rows.map((r) => new Date(r.tsMs).toISOString()),
        );
      const t3 = performance.now();
      if (round === 0) continue; // warm-up
      totals.parse += t1 - t0;
      totals.validate += t2 - t1;
      totals.encode += t3 - t2;
      events += parsed.events.length;
    }
  }
  const us = (ms: number) => (ms * 1000) / events;
  return { parse: us(totals.parse), validate: us(totals.validate), encode: us(totals.encode) };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Total Time': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** The time (ms) of the insert into `table` itself, without the rows it was fed. */
function insertTime(node: PlanNode, table: string): number {
  if (node['Node Type'] === 'ModifyTable' && node['Relation Name'] === table) {
    const fed = (node.Plans ?? []).reduce((n, c) => n + c['Actual Total Time'] * c['Actual Loops'], 0);
    return node['Actual Total Time'] * node['Actual Loops'] - fed;
  }
  return (node.Plans ?? []).reduce((n, c) => n + insertTime(c, table), 0);
}

export interface PathCost {
  name: string;
  /** µs per event: CPU of the connection's backend (/proc), and wall time, on one connection. */
  backendCpu: number;
  wall: number;
}

/** Each path alone on one connection: its backend's CPU and the wall time per event. */
export async function pathCosts(
  db: pg.Pool,
  modelId: string,
  paths: [string, Loader][],
  batches: (base: number) => PredictionRow[][],
  rounds = 3,
): Promise<PathCost[]> {
  const client = await db.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]!.pid;
    const totals = paths.map(([name]) => ({ name, cpu: 0, ms: 0, events: 0 }));
    for (let round = 0; round < rounds; round++) {
      for (const [p, [, load]] of paths.entries()) {
        const work = batches(9_300 + round * paths.length + p);
        const cpu0 = cpuSeconds(pid) ?? 0;
        const t0 = performance.now();
        for (const rows of work) await load(client, modelId, rows);
        totals[p]!.ms += performance.now() - t0;
        totals[p]!.cpu += (cpuSeconds(pid) ?? 0) - cpu0;
        totals[p]!.events += work.reduce((n, b) => n + b.length, 0);
      }
    }
    return totals.map((t) => ({
      name: t.name,
      backendCpu: (t.cpu * 1e6) / t.events,
      wall: (t.ms * 1e3) / t.events,
    }));
  } finally {
    client.release();
  }
}

/** µs per event of the store path's statement and of its insert into prediction_ids (EXPLAIN ANALYZE). */
export async function claimSplit(
  db: pg.Pool,
  modelId: string,
  batches: PredictionRow[][],
): Promise<{ statement: number; predictionIds: number; batchRow: number }> {
  const client = await db.connect();
  let statement = 0;
  let predictionIds = 0;
  let batchRow = 0;
  let events = 0;
  try {
    for (const rows of batches) {
      await client.query('BEGIN');
      const { rows: plan } = await client.query<{
        'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }];
      }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_IDS_AND_BATCH}`, [
        modelId,
        rows.map((r) => r.predictionId),
        rows.map((r) => new Date(r.tsMs).toISOString()),
        null,
        0,
        0,
      ]);
      await client.query('ROLLBACK');
      const result = plan[0]!['QUERY PLAN'][0];
      statement += result['Execution Time'];
      predictionIds += insertTime(result.Plan, 'prediction_ids');
      batchRow += insertTime(result.Plan, 'ingest_batches');
      events += rows.length;
    }
  } finally {
    client.release();
  }
  const us = (ms: number) => (ms * 1000) / events;
  return { statement: us(statement), predictionIds: us(predictionIds), batchRow: us(batchRow) };
}
