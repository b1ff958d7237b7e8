// deploy/k8s/: probes, shutdown timing, hardening and wiring that a careless edit could break.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { ConfigMap, Container, PodSpec, Probe, Secret, Service } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig } from '../../../src/config.js';
import { K8S, k8sObject, k8sObjects, parseSingleYaml } from '../../helpers/deploy-files.js';

const config = k8sObject<ConfigMap>('ConfigMap', 'modelwatch-config');
const secret = k8sObject<Secret>('Secret', 'modelwatch-secrets');
const api = k8sObject<Deployment>('Deployment', 'modelwatch-api');
const worker = k8sObject<Deployment>('Deployment', 'modelwatch-worker');
const job = k8sObject<Job>('Job', 'modelwatch-migrate');
const shutdownSeconds = Number(config.data?.SHUTDOWN_TIMEOUT_MS) / 1000;

function podSpec(workload: Deployment | Job): PodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error('workload without a pod spec');
  return spec;
}

function container(workload: Deployment, name: string): Container {
  const found = podSpec(workload).containers.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

/** The port number a probe reaches, resolving a named port against the container's ports. */
function probePort(c: Container, probe: Probe | undefined): number | undefined {
  const port = probe?.httpGet?.port;
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
}

function preStopSleepSeconds(c: Container): number {
  const preStop = c.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const [cmd, seconds] = preStop?.exec?.command ?? [];
  return cmd === 'sleep' ? Number(seconds) : NaN;
}

/** A memory quantity such as "512Mi" or "2Gi", in MiB (the only forms these manifests use). */
function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

describe('deploy/k8s', () => {
  it('leaves the namespace to the operator', () => {
    for (const o of k8sObjects()) {
      expect(o.apiVersion && o.kind && o.metadata.name, o.file).toBeTruthy();
      expect(o.metadata.namespace, o.file).toBeUndefined();
    }
  });

  it('lists every manifest in kustomization.yaml except the example Secret', () => {
    const kustomization = parseSingleYaml<{ resources: string[] }>('deploy/k8s/kustomization.yaml');
    const files = [...new Set(k8sObjects().map((o) => o.file.replace('deploy/k8s/', '')))];
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((f) => f !== 'secret.example.yaml').sort(),
    );
    for (const file of kustomization.resources) expect(existsSync(join(K8S, file)), file).toBe(true);
  });

  it('holds a valid configuration in the ConfigMap, with no variable modelwatch would ignore', () => {
    // The Secret's variables filled in as an operator would (its example holds only placeholders).
    const secrets = {
      DATABASE_URL: 'postgres://u:p@postgres:5432/modelwatch',
      REDIS_URL: 'redis://redis:6379',
      SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    expect(parseConfig({ ...config.data, ...secrets })).toMatchObject({ ok: true });
    const known = [...CONFIG_KEYS];
    for (const key of Object.keys(config.data ?? {})) expect(known, `unknown variable ${key}`).toContain(key);
  });

  it('ships Secret placeholders that fail configuration, so no pod runs on them', () => {
    const values = Object.entries(secret.stringData ?? {});
    expect(values.map(([key]) => key).sort()).toEqual([
      'ADMIN_API_KEY',
      'DATABASE_URL',
      'REDIS_URL',
      'SECRETS_KEY',
    ]);
    for (const [key, value] of values) expect(parseConfig({ [key]: value }).ok, key).toBe(false);
  });
});

describe('the API Deployment', () => {
  const c = container(api, 'api');

  it('serves on the configured port, ready on /readyz and alive on /healthz', () => {
    expect(c.args).toEqual(['serve']);
    expect(c.ports?.map((p) => p.containerPort)).toContain(Number(config.data?.PORT));
    expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.startupProbe?.httpGet?.path).toBe('/healthz');
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      expect(probePort(c, probe)).toBe(Number(config.data?.PORT));
    }
  });

  it('drains endpoints with a preStop sleep and has time to finish shutting down after it', () => {
    const sleep = preStopSleepSeconds(c);
    expect(sleep).toBeGreaterThan(0);
    expect(podSpec(api).terminationGracePeriodSeconds).toBeGreaterThan(shutdownSeconds + sleep);
  });

  it('leaves the replica count to the HPA, which scales it on CPU', () => {
    const hpa = k8sObject<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'modelwatch-api');
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'modelwatch-api' });
    expect(hpa.spec?.metrics?.map((m) => m.resource?.name)).toContain('cpu');
    expect(api.spec?.replicas).toBeUndefined(); // else every apply resets what the HPA chose
  });

  it('is reached through a Service that selects its pods and targets its port', () => {
    const svc = k8sObject<Service>('Service', 'modelwatch-api');
    expect(api.spec?.template.metadata?.labels).toMatchObject(svc.spec?.selector ?? { missing: 'selector' });
    const target = svc.spec?.ports?.[0]?.targetPort;
    expect(c.ports?.some((p) => p.name === target || p.containerPort === target)).toBe(true);
  });
});

describe('the worker Deployment', () => {
  const c = container(worker, 'worker');

  it('is probed on /healthz on METRICS_PORT', () => {
    expect(c.args).toEqual(['worker']);
    for (const probe of [c.livenessProbe, c.startupProbe]) {
      expect(probe?.httpGet?.path).toBe('/healthz');
      expect(probePort(c, probe)).toBe(Number(config.data?.METRICS_PORT));
    }
  });

  it('has time to let active jobs finish before SIGKILL', () => {
    expect(podSpec(worker).terminationGracePeriodSeconds).toBeGreaterThan(shutdownSeconds);
  });
});

describe('every pod (API, worker, migrate Job)', () => {
  const workloads = { api, worker, job };

  it.each(Object.entries(workloads))('%s runs non-root, hardened, with requests and limits', (_, w) => {
    const spec = podSpec(w);
    expect(spec.securityContext?.runAsNonRoot).toBe(true);
    expect(spec.securityContext?.runAsUser).not.toBe(0);
    expect(spec.enableServiceLinks).toBe(false); // injected *_PORT variables would break config parsing
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      expect(c.securityContext, c.name).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      for (const kind of ['requests', 'limits'] as const) {
        expect(Object.keys(c.resources?.[kind] ?? {}).sort(), `${c.name} ${kind}`).toEqual(['cpu', 'memory']);
      }
      expect(c.envFrom?.map((e) => e.configMapRef?.name ?? e.secretRef?.name)).toEqual([
        'modelwatch-config',
        'modelwatch-secrets',
      ]);
      expect(c.image, c.name).toBe('modelwatch'); // kustomization.yaml's images: sets registry and tag
    }
  });

  it.each([
    ['api', container(api, 'api')],
    ['worker', container(worker, 'worker')],
  ])('%s keeps the V8 heap limit well under the memory limit', (_, c) => {
    const options = c.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
    const heap = Number(/--max-old-space-size=(\d+)/.exec(options)?.[1]);
    // Buffers, code and the young generation live outside the old space: leave them 10 %.
    expect(heap).toBeLessThan(mebibytes(c.resources?.limits?.memory) * 0.9);
  });

  it('runs migrations before any process of a new version starts', () => {
    expect(podSpec(job).containers.map((c) => c.args)).toEqual([['migrate']]);
    for (const w of [api, worker])
      expect(podSpec(w).initContainers?.map((c) => c.args)).toEqual([['migrate']]);
  });
});
