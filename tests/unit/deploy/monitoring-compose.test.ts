// How deploy/docker-compose.yml wires Prometheus, Alertmanager and Grafana to each other and to
// the files under deploy/: a renamed file or a changed path must fail here, not at `compose up`.
// (deploy/prometheus/rules.yml and deploy/alertmanager/alertmanager.yml are the alerting work's;
// these tests check that compose and prometheus.yml point at them, not their contents.)
import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  composeFile,
  composeService,
  dependsOn,
  parseSingleYaml,
  ROOT,
  volumeMounts,
  type ComposeService,
} from '../../helpers/deploy-files.js';

interface PrometheusConfig {
  rule_files?: string[];
  alerting?: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
}

const prometheusConfig = parseSingleYaml<PrometheusConfig>('deploy/prometheus/prometheus.yml');
const datasource = parseSingleYaml<{ datasources: { url: string }[] }>(
  'deploy/grafana/provisioning/datasources/prometheus.yml',
).datasources[0];
const provider = parseSingleYaml<{ providers: { type: string; options: { path: string } }[] }>(
  'deploy/grafana/provisioning/dashboards/modelwatch.yml',
).providers[0];

/** Where a file or folder under deploy/ is mounted in a service, and whether read-only. */
function mountOf(service: ComposeService, source: string) {
  return volumeMounts(service).find((m) => posix.normalize(m.source) === posix.normalize(source));
}

/** The value of a `--flag=value` argument. */
function flag(service: ComposeService, name: string): string | undefined {
  const prefix = `--${name}=`;
  return service.command?.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** The ports a service listens on inside its container, from `[host_ip:]host:container`. */
function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((spec) => Number(spec.split(':').at(-1)));
}

describe('deploy/docker-compose.yml: monitoring services', () => {
  it('pins every third-party image to a release', () => {
    for (const [name, service] of Object.entries(composeFile().services)) {
      if (!service.image || service.image.includes('MODELWATCH_IMAGE')) continue;
      expect(service.image, name).toMatch(/:v?\d+(\.\d+)*$/);
    }
  });

  it('declares every named volume a service uses', () => {
    const { services, volumes = {} } = composeFile();
    for (const [name, service] of Object.entries(services)) {
      for (const { source } of volumeMounts(service).filter((m) => !m.source.startsWith('.'))) {
        expect(Object.keys(volumes), `${name}: ${source}`).toContain(source);
      }
    }
  });

  it('gives Prometheus, Alertmanager and Grafana a health check', () => {
    for (const name of ['prometheus', 'alertmanager', 'grafana']) {
      expect(composeService(name).healthcheck?.test?.length, name).toBeGreaterThan(0);
    }
  });
});

describe('Prometheus → rules and Alertmanager', () => {
  const prometheus = composeService('prometheus');

  it('mounts each rule file next to the config file, where rule_files (relative to it) finds it', () => {
    const configPath = flag(prometheus, 'config.file') ?? '';
    expect(mountOf(prometheus, './prometheus/prometheus.yml')?.target).toBe(configPath);
    expect(prometheusConfig.rule_files?.length).toBeGreaterThan(0);
    for (const ruleFile of prometheusConfig.rule_files ?? []) {
      const mount = mountOf(prometheus, `./prometheus/${ruleFile}`);
      expect(mount?.target, ruleFile).toBe(posix.join(posix.dirname(configPath), ruleFile));
      expect(mount?.readOnly, ruleFile).toBe(true);
    }
  });

  it('sends alerts to the Alertmanager service on the port it listens on, once that has started', () => {
    const targets = prometheusConfig.alerting?.alertmanagers.flatMap((am) =>
      am.static_configs.flatMap((c) => c.targets),
    );
    expect(targets).toEqual(['alertmanager:9093']);
    expect(containerPorts(composeService('alertmanager'))).toContain(9093);
    expect(dependsOn(prometheus)).toContain('alertmanager');
  });
});

describe('Alertmanager', () => {
  const alertmanager = composeService('alertmanager');

  it('reads deploy/alertmanager/alertmanager.yml, mounted read-only where --config.file points', () => {
    const mount = mountOf(alertmanager, './alertmanager/alertmanager.yml');
    expect(mount?.target).toBe(flag(alertmanager, 'config.file'));
    expect(mount?.readOnly).toBe(true);
  });

  it('is reachable by modelwatch alertmanager channels past the outbound guard', () => {
    for (const name of ['api', 'worker']) {
      const allowed = composeService(name).environment?.ALLOWED_WEBHOOK_HOSTS ?? '';
      expect(allowed.replace(/\$\{\w+:-([^}]*)\}/g, '$1').split(','), name).toContain('alertmanager');
    }
  });

  it('publishes its API (which takes silences unauthenticated) on the loopback address only', () => {
    for (const spec of alertmanager.ports ?? []) expect(spec).toMatch(/^127\.0\.0\.1:/);
  });
});

describe('Grafana', () => {
  const grafana = composeService('grafana');

  it('mounts the provisioning folder read-only where Grafana reads it', () => {
    const mount = mountOf(grafana, './grafana/provisioning');
    expect(mount?.target).toBe('/etc/grafana/provisioning');
    expect(mount?.readOnly).toBe(true);
  });

  it('mounts the dashboards read-only at the path the file provider loads, home dashboard included', () => {
    expect(provider?.type).toBe('file');
    const mount = mountOf(grafana, './grafana/dashboards');
    expect(mount?.target).toBe(provider?.options.path);
    expect(mount?.readOnly).toBe(true);
    const home = grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(dirname(home)).toBe(provider?.options.path);
    expect(existsSync(join(ROOT, 'deploy/grafana/dashboards', posix.basename(home))), home).toBe(true);
  });

  it('queries the Prometheus service of the compose file on the port it listens on', () => {
    const url = new URL(datasource?.url ?? '');
    expect(Object.keys(composeFile().services)).toContain(url.hostname);
    expect(containerPorts(composeService(url.hostname))).toContain(Number(url.port));
    expect(dependsOn(grafana)).toContain(url.hostname);
  });

  it('lets anonymous visitors view, not edit, and carries no admin password of its own', () => {
    const env = grafana.environment ?? {};
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    // Only from the operator's deploy/.env or shell; empty leaves Grafana's own first-login flow.
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{\w+:-\}$/);
    for (const spec of grafana.ports ?? []) expect(spec).toMatch(/^127\.0\.0\.1:/);
  });
});
