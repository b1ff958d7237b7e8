import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Monitor } from '../src/monitor.js';

/** A local port nothing listens on: every send is refused, so events stay buffered. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the buffer between the caller and the network', () => {
  it('is bounded: a full buffer drops and counts, never blocks or throws', async () => {
    const monitor = new Monitor({
      url: `http://127.0.0.1:${await closedPort()}`,
      apiKey: 'mw_unused',
      model: 'm',
      batchSize: 5,
      maxBuffer: 10,
      flushIntervalMs: 3_600_000,
      backoff: { base: 0.01, cap: 0.05 },
    });
    const ids = Array.from({ length: 25 }, (_, i) =>
      monitor.logPrediction({ features: { x: i }, prediction: 1 }),
    );
    monitor.logOutcome(ids[0]!, 1);
    expect(new Set(ids).size).toBe(25);
    expect(monitor.stats.queued).toBe(10);
    expect(monitor.stats.dropped).toBe(16);
    // Nothing can be delivered: close gives up after its timeout and says so.
    expect(await monitor.close(300)).toBe(false);
    expect(monitor.stats.failed).toBe(10);
    expect(monitor.stats.accepted).toBe(0);
    monitor.logPrediction({ features: { x: 1 }, prediction: 1 }); // after close: dropped
    expect(monitor.stats.dropped).toBe(17);
  });

  it('flushes at once when nothing is buffered, and rejects impossible settings', async () => {
    const monitor = new Monitor({ url: 'http://127.0.0.1:9', apiKey: 'k', model: 'm' });
    await monitor.flush();
    expect(
      () => new Monitor({ url: 'http://127.0.0.1:9', apiKey: 'k', model: 'm', batchSize: 10, maxBuffer: 5 }),
    ).toThrow(RangeError);
  });

  it("sends an outcome's business value, and leaves the key out when there is none", async () => {
    const bodies: { events: Record<string, unknown>[] }[] = [];
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const body = JSON.parse(text.toString('utf8')) as { events: Record<string, unknown>[] };
        bodies.push(body);
        res.writeHead(202, { 'content-type': 'application/json' });
        const reply = { accepted: body.events.length, duplicates: 0, rejectedCount: 0, rejected: [] };
        res.end(JSON.stringify({ ...reply, ignoredFeatures: [], batchIds: [1] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const monitor = new Monitor({ url: `http://127.0.0.1:${port}`, apiKey: 'k', model: 'm' });
    try {
      monitor.logOutcome('p1', 1, undefined, 12.5);
      monitor.logOutcomes([{ predictionId: 'p2', actual: 0 }]);
      expect(await monitor.close(5_000)).toBe(true);
      expect(bodies.flatMap((b) => b.events)).toEqual([
        { predictionId: 'p1', actual: 1, value: 12.5 },
        { predictionId: 'p2', actual: 0 },
      ]);
    } finally {
      server.closeAllConnections(); // the monitor's keep-alive connection
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
