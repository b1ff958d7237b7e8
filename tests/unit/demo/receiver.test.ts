/**
 * The demo receiver's signature check, written from the Standard Webhooks specification, against
 * signatures made by the `standardwebhooks` library (not our signing code).
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/cli/demo/receiver.js';

const secret = `whsec_${Buffer.from('a demo secret of 32 bytes, fixed').toString('base64')}`;
const body = '{"status":"firing","modelwatch":{"model":"credit-risk-demo"}}';
const at = new Date('2026-01-02T03:04:05Z');
const seconds = at.getTime() / 1000;
const signed = (id: string, when: Date, payload: string) => ({
  id,
  timestamp: String(Math.floor(when.getTime() / 1000)),
  signatures: new Webhook(secret).sign(id, when, payload),
});

describe('verifySignature', () => {
  it('accepts what the standardwebhooks library signs', () => {
    expect(verifySignature(secret, signed('ntf_1', at, body), body, seconds)).toBe(true);
  });

  it('accepts a list holding one valid v1 signature (secret rotation)', () => {
    const headers = signed('ntf_1', at, body);
    const other = `v1,${Buffer.alloc(32, 7).toString('base64')}`;
    expect(
      verifySignature(secret, { ...headers, signatures: `${other} ${headers.signatures}` }, body, seconds),
    ).toBe(true);
  });

  it('refuses another body, id, timestamp, secret or version', () => {
    const headers = signed('ntf_1', at, body);
    expect(verifySignature(secret, headers, `${body} `, seconds)).toBe(false);
    expect(verifySignature(secret, { ...headers, id: 'ntf_2' }, body, seconds)).toBe(false);
    expect(verifySignature(secret, { ...headers, timestamp: String(seconds + 1) }, body, seconds)).toBe(
      false,
    );
    const otherSecret = `whsec_${Buffer.from('another secret of 32 bytes, too!').toString('base64')}`;
    expect(verifySignature(otherSecret, headers, body, seconds)).toBe(false);
    expect(
      verifySignature(
        secret,
        { ...headers, signatures: headers.signatures.replace('v1,', 'v2,') },
        body,
        seconds,
      ),
    ).toBe(false);
  });

  it('refuses a delivery more than five minutes old or ahead (replays)', () => {
    const headers = signed('ntf_1', at, body);
    expect(verifySignature(secret, headers, body, seconds + 299)).toBe(true);
    expect(verifySignature(secret, headers, body, seconds + 301)).toBe(false);
    expect(verifySignature(secret, headers, body, seconds - 301)).toBe(false);
  });
});
