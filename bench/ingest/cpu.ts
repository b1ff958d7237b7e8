import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/*
 * CPU time by process from /proc (Linux), so that a run on a shared or small machine still says
 * where the work goes: CPU microseconds per event are steadier than wall-clock rates when other
 * processes compete for the cores.
 */

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** Postgres processes doing this database's work: its backends, and the WAL writer and checkpointer. */
function postgresPids(database: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ')) continue;
      if (cmd.includes(` ${database} `) || /walwriter|checkpointer|background writer/.test(cmd)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export interface CpuUse {
  postgres: number;
  api: number;
  client: number;
}

/** Starts counting; the returned function gives the CPU seconds each side used since. */
export function countCpu(database: string, apiPid: number | undefined): () => CpuUse {
  const before = new Map(postgresPids(database).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const apiBefore = apiPid ? (cpuSeconds(apiPid) ?? 0) : 0;
  const clientBefore = process.cpuUsage();
  return () => {
    let postgres = 0;
    for (const pid of new Set([...before.keys(), ...postgresPids(database)])) {
      postgres += (cpuSeconds(pid) ?? before.get(pid) ?? 0) - (before.get(pid) ?? 0);
    }
    const client = process.cpuUsage(clientBefore);
    return {
      postgres,
      api: apiPid ? (cpuSeconds(apiPid) ?? apiBefore) - apiBefore : NaN,
      client: (client.user + client.system) / 1e6,
    };
  };
}
