import http from 'node:http';
import https from 'node:https';
import { checkUrl } from './check-url.js';
import {
  resultFromError,
  resultFromRefusal,
  resultFromStatus,
  type DeliveryResult,
} from './delivery-result.js';
import { pinnedLookup } from './pinned-lookup.js';
import type { OutboundPolicy } from './policy.js';

export interface SafePostOptions {
  headers?: Record<string, string>;
  body: string | Buffer;
  policy: OutboundPolicy;
  /** Whole request, from the DNS check to the end of the (capped) response. Standard Webhooks: 15–30 s. */
  timeoutMs?: number;
  /** Until the connection is usable: TCP connect, plus the TLS handshake for https. */
  connectTimeoutMs?: number;
  /** Response bytes read before the connection is dropped; the bytes themselves are discarded. */
  maxResponseBytes?: number;
  /** The clock, for durations and HTTP-date Retry-After values. */
  now?: () => Date;
}

const DEFAULTS = { timeoutMs: 15_000, connectTimeoutMs: 5_000, maxResponseBytes: 4096 };

/**
 * POSTs to a URL that passed `checkUrl`, connecting only to the addresses that were checked.
 * Redirects are not followed (a 3xx is a failed delivery), the response body is drained up to a
 * small cap and thrown away, and the result carries only the status and a classification.
 * It never throws for network trouble: every failure is a `DeliveryResult`.
 */
export async function safePost(url: string | URL, options: SafePostOptions): Promise<DeliveryResult> {
  const now = options.now ?? (() => new Date());
  const started = now().getTime();
  const elapsed = () => Math.max(0, now().getTime() - started);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;

  const checked = await withDeadline(checkUrl(url, options.policy), timeoutMs);
  if (checked === 'timeout') return resultFromError(timeoutError('ETIMEDOUT_TOTAL'), elapsed());
  if (!checked.ok) return resultFromRefusal(checked.reason, elapsed());

  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const transport = checked.url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    const finish = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      resolve(result);
    };
    const req = transport.request(checked.url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(checked.hostname, checked.addresses),
      headers: { 'user-agent': 'modelwatch', ...options.headers, 'content-length': String(body.length) },
    });
    const remaining = Math.max(1, timeoutMs - elapsed());
    const total = setTimeout(() => req.destroy(timeoutError('ETIMEDOUT_TOTAL')), remaining);
    req.once('socket', (socket) => {
      const ready = checked.url.protocol === 'https:' ? 'secureConnect' : 'connect';
      const connectTimer = setTimeout(
        () => req.destroy(timeoutError('ETIMEDOUT_CONNECT')),
        options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      );
      socket.once(ready, () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    req.once('error', (err) => finish(resultFromError(err, elapsed())));
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      const retryAfter = res.headers['retry-after'];
      const done = () => finish(resultFromStatus(status, retryAfter, elapsed(), now()));
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > (options.maxResponseBytes ?? DEFAULTS.maxResponseBytes)) {
          done();
          res.destroy();
        }
      });
      res.once('end', done);
      res.once('error', done);
      res.once('close', done);
    });
    req.end(body);
  });
}

function timeoutError(code: 'ETIMEDOUT_TOTAL' | 'ETIMEDOUT_CONNECT'): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(
    code === 'ETIMEDOUT_TOTAL' ? 'timed out' : 'connect timed out',
  );
  err.code = code;
  return err;
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
