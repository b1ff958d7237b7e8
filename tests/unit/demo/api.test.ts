/** The demo's API client behaves as the service asks of every client: it comes back after Retry-After. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoApiError, demoApi } from '../../../src/cli/demo/api.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering the given statuses in turn (the last one repeats), counting the requests. */
async function serve(statuses: number[]): Promise<{ base: string; seen: () => number }> {
  let seen = 0;
  server = createServer((req, res) => {
    const status = statuses[Math.min(seen++, statuses.length - 1)]!;
    req.resume();
    res.writeHead(status, status === 200 ? { 'content-type': 'application/json' } : { 'retry-after': '1' });
    res.end(status === 200 ? '{"ok":true}' : '');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen: () => seen };
}

describe('demoApi', () => {
  it('sends a shed request again after Retry-After, for 503 and 429 alike', async () => {
    const { base, seen } = await serve([503, 429, 200]);
    await expect(demoApi(base, 'mw_key').send('PUT', '/v1/models/m', { a: 1 })).resolves.toEqual({
      ok: true,
    });
    expect(seen()).toBe(3);
  });

  it('does not retry other errors', async () => {
    const { base, seen } = await serve([400, 200]);
    await expect(demoApi(base, 'mw_key').send('PUT', '/v1/models/m', {})).rejects.toBeInstanceOf(
      DemoApiError,
    );
    expect(seen()).toBe(1);
  });
});
