import { Agent, request } from 'node:http';

/** What became of one request: an HTTP answer, or none (the connection failed, or no answer in time). */
export interface Outcome {
  sentAt: number;
  answeredAt: number;
  /** The HTTP status, or 'reset' (the connection failed without an answer) or 'timeout'. */
  status: number | 'reset' | 'timeout';
  /** Events the 202 reply says were stored. */
  accepted: number;
  /** Why a problem reply refused the request: its detail up to the first parenthesis or period. */
  reason?: string;
  /** From starting to send the request to the end of its answer. */
  ms: number;
}

/** Connections are kept alive and never capped, so the client never queues a request of its own. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

export interface Target {
  url: string;
  apiKey: string;
  modelId: string;
}

/** Posts one JSON batch and resolves with its outcome; never rejects. */
export function post(target: Target, body: string, timeoutMs = 120_000): Promise<Outcome> {
  const url = new URL(`/v1/models/${target.modelId}/predictions`, target.url);
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: Outcome['status'], accepted = 0, reason?: string) => {
      if (settled) return;
      settled = true;
      const answeredAt = Date.now();
      resolve({ sentAt, answeredAt, status, accepted, ms: answeredAt - sentAt, reason });
    };
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${target.apiKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => settle(res.statusCode ?? 'reset'));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const reply = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
            accepted?: number;
            detail?: string;
          };
          settle(status, status === 202 ? (reply.accepted ?? 0) : 0, reply.detail?.split(/[(.;]/)[0]?.trim());
        });
      },
    );
    req.on('timeout', () => {
      settle('timeout');
      req.destroy();
    });
    req.on('error', () => settle('reset'));
    req.end(body);
  });
}

/** GET a path; its status and milliseconds, or 'reset'. */
export async function probe(
  baseUrl: string,
  path: string,
): Promise<{ status: number | 'reset'; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = request(new URL(path, baseUrl), { agent, timeout: 60_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - t0 }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 'reset', ms: Date.now() - t0 }));
    req.end();
  });
}

export function closeClient(): void {
  agent.destroy();
}
