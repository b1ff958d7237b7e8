// deploy/prometheus/prometheus.yml: valid for Prometheus itself, and aimed at the compose services.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envExample, parseSingleYaml, ROOT } from '../../helpers/deploy-files.js';
import { promtool } from '../../helpers/promtool.js';

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
}

const CONFIG = 'deploy/prometheus/prometheus.yml';
const prometheus = parseSingleYaml<{ scrape_configs: ScrapeConfig[] }>(CONFIG);
const compose = parseSingleYaml<{ services: Record<string, unknown> }>('deploy/docker-compose.yml');

describe(CONFIG, () => {
  it('passes promtool check config', async () => {
    // promtool exits non-zero (and execFile rejects) on any invalid field or value.
    expect(await promtool('check', 'config', join(ROOT, CONFIG))).toMatch(/SUCCESS/);
  });

  it('scrapes /metrics of every api and worker replica on the ports they serve', () => {
    const env = envExample();
    const expected = { api: Number(env.PORT), worker: Number(env.METRICS_PORT) };
    const targets = prometheus.scrape_configs.flatMap((job) =>
      (job.dns_sd_configs ?? []).flatMap((sd) => sd.names.map((name) => ({ name, port: sd.port, job }))),
    );
    for (const [name, port] of Object.entries(expected)) {
      const target = targets.find((t) => t.name === name);
      expect(target?.port, name).toBe(port);
      expect(target?.job.metrics_path ?? '/metrics', name).toBe('/metrics');
      expect(Object.keys(compose.services), name).toContain(name);
    }
  });
});
