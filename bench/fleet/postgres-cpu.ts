import type pg from 'pg';
import { cpuSeconds } from '../ingest/cpu.js';

/**
 * Postgres CPU of one role's connections, from /proc/<pid>/stat of the backends whose
 * application_name is the role's (pg_stat_activity), sampled every second: a backend that ends
 * between two samples loses at most its last second (the pool keeps connections 30 s idle).
 * pg_stat_statements is not used: it needs shared_preload_libraries, which this server lacks.
 */
export function postgresCpu(db: pg.Pool, application: string) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let stopped = false;
  const sample = async () => {
    const { rows } = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    for (const { pid } of rows) {
      const s = cpuSeconds(pid);
      if (s === undefined) continue;
      if (!first.has(pid)) first.set(pid, s);
      last.set(pid, s);
    }
  };
  const running = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    /** Starts counting from now: backends seen earlier count from their current use. */
    reset: async () => {
      await sample();
      for (const [pid, s] of last) first.set(pid, s);
    },
    seconds: () => [...last].reduce((sum, [pid, s]) => sum + s - (first.get(pid) ?? s), 0),
    stop: async () => {
      stopped = true;
      await running;
      await sample();
    },
  };
}
