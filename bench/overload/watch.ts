import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cpuSeconds } from '../ingest/cpu.js';
import { probe } from './client.js';

/** Resident set size of a process in bytes (Linux /proc), or NaN once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface Watch {
  peakRss: number;
  /** CPU seconds the API used, over how many seconds; the machine's 1-minute load average at the end. */
  cpu: { api: number; seconds: number; loadAverage: number };
  /** /healthz probes sent, answered 200, and the slowest answer. */
  health: { sent: number; ok: number; maxMs: number };
}

/**
 * Samples the API's RSS every 100 ms and asks /healthz every 250 ms (one probe at a time) until
 * stopped: a liveness probe must answer whatever the load.
 */
export function watchApi(apiUrl: string, apiPid: number): { stop(): Promise<Watch> } {
  const watch: Watch = {
    peakRss: rssBytes(apiPid),
    cpu: { api: 0, seconds: 0, loadAverage: 0 },
    health: { sent: 0, ok: 0, maxMs: 0 },
  };
  const cpuBefore = cpuSeconds(apiPid) ?? 0;
  const t0 = Date.now();
  const rss = setInterval(() => {
    watch.peakRss = Math.max(watch.peakRss, rssBytes(apiPid) || 0);
  }, 100);
  let running = true;
  const health = (async () => {
    while (running) {
      watch.health.sent++;
      const res = await probe(apiUrl, '/healthz');
      if (res.status === 200) watch.health.ok++;
      watch.health.maxMs = Math.max(watch.health.maxMs, res.ms);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      clearInterval(rss);
      await health;
      watch.cpu = {
        api: (cpuSeconds(apiPid) ?? cpuBefore) - cpuBefore,
        seconds: (Date.now() - t0) / 1000,
        loadAverage: loadavg()[0]!,
      };
      return watch;
    },
  };
}
