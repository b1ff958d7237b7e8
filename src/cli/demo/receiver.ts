import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../../modules/alerting/index.js';
import { fit } from './reading.js';

/**
 * The demo's on-call receiver: a webhook endpoint on loopback that checks each delivery's
 * signature as the Standard Webhooks specification says (standard-webhooks spec, "Verifying
 * webhooks"), written here from the spec rather than with the service's signing code, and prints
 * the alert. Unsigned, badly signed or stale deliveries get 401.
 */

/** Deliveries older or newer than this are refused (the spec's replay window). */
const TOLERANCE_SECONDS = 5 * 60;

/** What the receiver prints of a delivery: the webhook body's own fields (channels/webhook.ts). */
export type ReceivedAlert = Pick<
  WebhookPayload['modelwatch'],
  'model' | 'feature' | 'rule' | 'severity' | 'value' | 'threshold'
> & {
  /** webhook-id: the notification id, the same on every retry. */
  id: string;
  status: WebhookPayload['status'];
  summary: string | null;
};

/** A delivery exactly as it arrived, for checking it again with another implementation. */
export interface RawDelivery {
  headers: Record<string, string>;
  body: string;
}

export interface AlertReceiver {
  url: string;
  /** The channel's signing secret (`whsec_…`), known once the channel is created. */
  setSecret(secret: string): void;
  alerts: ReceivedAlert[];
  deliveries: RawDelivery[];
  refused: number;
  close(): Promise<void>;
}

/** Whether `signatures` (space-separated `v1,<base64>`) holds the HMAC-SHA256 of id.timestamp.body. */
export function verifySignature(
  secret: string,
  headers: { id: string; timestamp: string; signatures: string },
  body: string,
  nowSeconds = Date.now() / 1000,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.${body}`).digest();
  return headers.signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startAlertReceiver(print: (alert: ReceivedAlert) => void): Promise<AlertReceiver> {
  let secret: string | null = null;
  const seen = new Set<string>();
  const receiver: Omit<AlertReceiver, 'url' | 'close'> = {
    setSecret(s) {
      secret = s;
    },
    alerts: [],
    deliveries: [],
    refused: 0,
  };
  const header = (req: http.IncomingMessage, name: string) => String(req.headers[name] ?? '');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const signed = { id: header(req, 'webhook-id'), timestamp: header(req, 'webhook-timestamp') };
      const signatures = header(req, 'webhook-signature');
      if (secret === null || !verifySignature(secret, { ...signed, signatures }, body)) {
        receiver.refused++;
        res.writeHead(401).end();
        return;
      }
      res.writeHead(204).end();
      receiver.deliveries.push({
        headers: {
          'webhook-id': signed.id,
          'webhook-timestamp': signed.timestamp,
          'webhook-signature': signatures,
        },
        body,
      });
      // A retry carries the same webhook-id: told once.
      if (seen.has(signed.id)) return;
      seen.add(signed.id);
      const payload = JSON.parse(body) as WebhookPayload;
      const { model, feature, rule, severity, value, threshold } = payload.modelwatch;
      const alert: ReceivedAlert = {
        id: signed.id,
        status: payload.status,
        model,
        feature,
        rule,
        severity,
        value,
        threshold,
        summary: payload.commonAnnotations.summary ?? null,
      };
      receiver.alerts.push(alert);
      print(alert);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/alerts`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const num = (x: number | null) => (x === null ? '–' : Number(x.toFixed(3)).toString());

/**
 * `alert FIRING  demo-dataset-drift (warning)  credit-risk-demo  0.625 vs 0.5  signed ✓`, and the
 * rule's summary on a second line; each at most DEMO_COLUMNS wide.
 */
export function formatAlert(a: ReceivedAlert): string {
  const feature = a.feature === null ? '' : ` ${a.feature}`;
  const head = `alert ${a.status.toUpperCase()}  ${a.rule} (${a.severity})  ${a.model}${feature}  ${num(a.value)} vs ${num(a.threshold)}  signed ✓`;
  return a.summary === null ? fit(head) : `${fit(head)}\n${fit(`  ${a.summary}`)}`;
}
