// Reads the deployment files under deploy/ (and the Dockerfile) for tests/unit/deploy/*.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEPLOY = join(ROOT, 'deploy');
export const K8S = join(DEPLOY, 'k8s');

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Every .yml/.yaml file under deploy/, as paths relative to the repository root. */
export function deployYamlFiles(dir = DEPLOY): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return deployYamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

/** Parses every document of a YAML file; throws with the parser's messages if any is malformed. */
export function parseYaml(path: string): unknown[] {
  // merge: compose files share settings through `<<: *anchor`, a YAML 1.1 feature Compose supports.
  const docs = parseAllDocuments(readRepoFile(path), { merge: true, prettyErrors: true });
  const problems = docs.flatMap((doc) => [...doc.errors, ...doc.warnings]).map((e) => e.message);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return docs.map((doc) => doc.toJS() as unknown);
}

export function parseSingleYaml<T>(path: string): T {
  const docs = parseYaml(path);
  if (docs.length !== 1) throw new Error(`${path}: expected one YAML document, found ${docs.length}`);
  return docs[0] as T;
}

/** deploy/.env.example, parsed the way Node parses .env files. */
export function envExample(): Record<string, string> {
  return parseEnv(readRepoFile('deploy/.env.example')) as Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  file: string;
}

/** Every object in deploy/k8s/ except the kustomization itself. */
export function k8sObjects(): K8sObject[] {
  return deployYamlFiles(K8S)
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap((file) => parseYaml(file).map((doc) => ({ ...(doc as Omit<K8sObject, 'file'>), file })));
}

export function k8sObject<T>(kind: string, name: string): T & K8sObject {
  const found = k8sObjects().find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} under deploy/k8s`);
  return found as T & K8sObject;
}

/** Compose and Docker durations such as "35s", "1m30s" or "500ms", in seconds. */
export function durationSeconds(value: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new Error(`not a duration: ${value}`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit ?? ''] ?? NaN), 0);
}

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
}

export function composeFile(): {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
} {
  return parseSingleYaml('deploy/docker-compose.yml');
}

export function composeService(name: string): ComposeService {
  const found = composeFile().services[name];
  if (!found) throw new Error(`deploy/docker-compose.yml has no service ${name}`);
  return found;
}

/** A service's bind mounts and volumes, from the short syntax `source:target[:ro]`. */
export function volumeMounts(
  service: ComposeService,
): { source: string; target: string; readOnly: boolean }[] {
  return (service.volumes ?? []).map((spec) => {
    const [source = '', target = '', mode = ''] = spec.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

/** The service names a service waits for, from either form of depends_on. */
export function dependsOn(service: ComposeService): string[] {
  const deps = service.depends_on ?? [];
  return Array.isArray(deps) ? deps : Object.keys(deps);
}
