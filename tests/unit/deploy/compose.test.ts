// deploy/docker-compose.yml and deploy/.env.example: the invariants a careless edit could break.
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig } from '../../../src/config.js';
import {
  deployYamlFiles,
  durationSeconds,
  envExample,
  parseSingleYaml,
  parseYaml,
} from '../../helpers/deploy-files.js';

interface Service {
  image?: string;
  command?: string[];
  restart?: string;
  env_file?: ({ path: string; required?: boolean } | string)[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  stop_grace_period?: string;
  ports?: string[];
}
interface Compose {
  services: Record<string, Service>;
}

const compose = parseSingleYaml<Compose>('deploy/docker-compose.yml');
const env = envExample();
const configKeys = [...CONFIG_KEYS];

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`deploy/docker-compose.yml has no service ${name}`);
  return found;
}

/** The value following a flag in an argument list, e.g. ['--appendonly', 'yes'] → 'yes'. */
function flagValue(args: string[] | undefined, flag: string): string | undefined {
  const i = args?.indexOf(flag) ?? -1;
  return i < 0 ? undefined : args?.[i + 1];
}

describe('every YAML file under deploy/', () => {
  it.each(deployYamlFiles())('%s parses without errors or warnings', (file) => {
    expect(parseYaml(file).length).toBeGreaterThan(0);
  });
});

describe('deploy/docker-compose.yml', () => {
  it('runs Redis as BullMQ requires: noeviction and an append-only file', () => {
    const { command } = service('redis');
    expect(flagValue(command, '--maxmemory-policy')).toBe('noeviction');
    expect(flagValue(command, '--appendonly')).toBe('yes');
  });

  it('checks Postgres with pg_isready so that migrate starts only once it accepts connections', () => {
    expect(service('postgres').healthcheck?.test).toContain('pg_isready');
    expect(service('migrate').depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('runs migrate once, and starts api and worker only after it succeeded', () => {
    expect(service('migrate').command).toEqual(['migrate']);
    expect(service('migrate').restart).toBe('no');
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(service(name).depends_on?.redis?.condition, name).toBe('service_healthy');
    }
    expect(service('api').command).toEqual(['serve']);
    expect(service('worker').command).toEqual(['worker']);
  });

  it('gives api and worker a health check', () => {
    for (const name of ['api', 'worker']) {
      const check = service(name).healthcheck;
      expect(check?.disable, name).not.toBe(true);
      expect(check?.test?.join(' '), name).toMatch(/healthcheck\.js/);
    }
  });

  it('lets api and worker shut down in order before Docker sends SIGKILL', () => {
    const shutdownSeconds = Number(env.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(shutdownSeconds).toBeGreaterThan(0);
    for (const name of ['api', 'worker']) {
      const grace = durationSeconds(service(name).stop_grace_period ?? '10s'); // Docker's default is 10 s
      expect(grace, name).toBeGreaterThan(shutdownSeconds);
    }
  });

  it('publishes the API on the port the API listens on', () => {
    expect(service('api').ports).toContain(`${env.PORT}:${env.PORT}`);
  });

  it('reads settings from .env.example and sets only variables modelwatch knows', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const files = service(name).env_file?.map((f) => (typeof f === 'string' ? f : f.path));
      expect(files, name).toContain('.env.example');
      for (const key of Object.keys(service(name).environment ?? {})) expect(configKeys, key).toContain(key);
    }
  });
});

describe('deploy/.env.example', () => {
  it('with the compose wiring, is a valid configuration and sets no variable modelwatch would ignore', () => {
    // What a container gets: the env file, then `environment:` with ${VAR:-default} at its default.
    const wiring = Object.entries(service('api').environment ?? {}).map(([key, value]) => [
      key,
      value.replace(/\$\{\w+:-([^}]*)\}/g, '$1'),
    ]);
    expect(parseConfig({ ...env, ...Object.fromEntries(wiring) })).toMatchObject({ ok: true });
    for (const key of Object.keys(env)) expect(configKeys, `unknown variable ${key}`).toContain(key);
  });

  it('carries no admin key, so no known key opens a running instance', () => {
    expect(env.ADMIN_API_KEY).toBeUndefined();
  });
});
