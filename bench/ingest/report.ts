import type pg from 'pg';
import { apiSteps, claimSplit, pathCosts } from './breakdown.js';
import type { CpuUse } from './cpu.js';
import { batchBody, batchRows } from './events.js';
import { copyStraight, previousStorePath, stagingOneStatement, storePath } from './loaders.js';

export interface BreakdownInput {
  db: pg.Pool;
  modelId: string;
  /** The feature pool the bodies are built from. */
  pool: string[];
  batch: number;
  /** CPU each side used during the HTTP run, and the events it accepted. */
  httpCpu: CpuUse;
  accepted: number;
  /** Postgres CPU µs/event of the store path and of COPY, from the 8-connection phases. */
  pgCpu: { store: number; copy: number };
}

/** Prints where an event's time goes: the API's steps, and each write path alone on one connection. */
export async function printBreakdown({ db, modelId, pool, batch, httpCpu, accepted, pgCpu }: BreakdownInput) {
  // Where the time goes, each part measured alone.
  const bodies = Array.from({ length: 20 }, (_, seq) => batchBody({ client: 8_000, seq, size: batch }, pool));
  const api = apiSteps(bodies);
  const apiTotal = (httpCpu.api * 1e6) / accepted;
  const steps = api.parse + api.validate + api.encode;
  console.log("\nwhere an event's time goes");
  console.log(
    `  API CPU ${apiTotal.toFixed(1)} µs/event (/proc/<pid>/stat of the API process during the HTTP run): ` +
      `JSON parse ${api.parse.toFixed(1)}, validation ${api.validate.toFixed(1)}, COPY text ${api.encode.toFixed(1)} ` +
      `(these three timed in this process on the same bodies), the other ${(apiTotal - steps).toFixed(1)}: ` +
      `HTTP, the pg driver, garbage collection of the request, logging`,
  );
  console.log(
    `  Postgres CPU ${((httpCpu.postgres * 1e6) / accepted).toFixed(1)} µs/event during the HTTP run, ` +
      `${pgCpu.store.toFixed(1)} for the store path, ${pgCpu.copy.toFixed(1)} for COPY (/proc/<pid>/stat of this ` +
      `database's backends, the WAL writer and the checkpointer)`,
  );
  const oneConnection = await pathCosts(
    db,
    modelId,
    [
      ['store path', storePath],
      ['previous store path', previousStorePath],
      ['staging COPY + one statement', stagingOneStatement],
      ['COPY straight into predictions', copyStraight],
    ],
    (base) =>
      Array.from({ length: 10 }, (_, seq) => batchRows({ client: base, seq, size: batch }, pool, Date.now())),
  );
  console.log("  each write path alone on one connection, µs/event: its backend's CPU (/proc), wall time");
  for (const { name, backendCpu, wall } of oneConnection) {
    console.log(
      `    ${name.padEnd(32)} CPU ${backendCpu.toFixed(1).padStart(5)}   wall ${wall.toFixed(1).padStart(5)}`,
    );
  }
  const split = await claimSplit(
    db,
    modelId,
    Array.from({ length: 5 }, (_, seq) => batchRows({ client: 9_400, seq, size: batch }, pool, Date.now())),
  );
  console.log(
    `  the store path's id claim (EXPLAIN ANALYZE): ${split.statement.toFixed(1)} µs/event, of which the insert into ` +
      `prediction_ids (its heap and two indexes) ${split.predictionIds.toFixed(1)}, the batch row ${split.batchRow.toFixed(2)}`,
  );
}
