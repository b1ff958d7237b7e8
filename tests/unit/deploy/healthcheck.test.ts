// deploy/healthcheck.js, the image's HEALTHCHECK, run as Docker runs it against local HTTP servers.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOY } from '../../helpers/deploy-files.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server answering every request with `status`; records the paths it was asked for. */
async function serve(status: number): Promise<{ port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, paths };
}

/** A port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Exit code of the script; async so that the servers in this process can answer it. */
function healthcheck(ports: { PORT: number; METRICS_PORT: number }): Promise<number> {
  const env = { ...process.env, PORT: String(ports.PORT), METRICS_PORT: String(ports.METRICS_PORT) };
  return new Promise((resolve) => {
    execFile(process.execPath, [join(DEPLOY, 'healthcheck.js')], { env, timeout: 10_000 }, (err) =>
      resolve(err ? Number((err as { code?: number }).code ?? -1) : 0),
    );
  });
}

describe('deploy/healthcheck.js', () => {
  it('passes when the API answers /healthz (serve, all)', async () => {
    const api = await serve(200);
    expect(await healthcheck({ PORT: api.port, METRICS_PORT: await closedPort() })).toBe(0);
    expect(api.paths).toEqual(['/healthz']);
  });

  it('passes when only the worker metrics port answers (worker)', async () => {
    const worker = await serve(200);
    expect(await healthcheck({ PORT: await closedPort(), METRICS_PORT: worker.port })).toBe(0);
    expect(worker.paths).toEqual(['/healthz']);
  });

  it('fails when /healthz answers with an error status', async () => {
    const api = await serve(503);
    expect(await healthcheck({ PORT: api.port, METRICS_PORT: await closedPort() })).toBe(1);
  });

  it('fails when nothing listens', async () => {
    expect(await healthcheck({ PORT: await closedPort(), METRICS_PORT: await closedPort() })).toBe(1);
  });
});
