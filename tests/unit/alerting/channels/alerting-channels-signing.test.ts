import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhook,
  webhookSecretKey,
} from '../../../../src/modules/alerting/channels/webhook-signing.js';

// Checked two ways: against the published test vector of the Standard Webhooks reference libraries
// (the same vector the svix libraries test: secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, id
// msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330, body {"test": 2432232314}), and by verifying
// fresh signatures with the `standardwebhooks` npm package (its own HMAC and base64, not node:crypto).
describe('Standard Webhooks signatures', () => {
  it('reproduce the reference test vector', () => {
    const headers = signWebhook({
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    });
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('verify with the standardwebhooks library, and fail when anything changes', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ status: 'firing', model: 'credit-risk', note: 'ünïcödé ✓' });
    const headers = signWebhook({ id: 'ntf_1', timestamp: new Date(), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));

    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'ntf_2' })).toThrow(
      WebhookVerificationError,
    );
  });

  it('carry one signature per secret during a rotation; either secret verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"a":1}';
    const headers = signWebhook({ id: 'ntf_9', timestamp: new Date(), body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ a: 1 });
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ a: 1 });
  });

  it('refuse ids that could blur the signed content', () => {
    const args = { timestamp: new Date(), body: '{}', secrets: [generateWebhookSecret()] };
    expect(() => signWebhook({ ...args, id: 'a.b' })).toThrow(/webhook id/);
    expect(() => signWebhook({ ...args, id: '' })).toThrow(/webhook id/);
    expect(() => signWebhook({ ...args, id: 'ok', secrets: [] })).toThrow(/secret/);
  });
});

describe('webhook secrets', () => {
  it('are whsec_ + base64 of 32 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKey(a)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it.each([
    ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /starts with whsec_/], // no prefix
    ['whsec_not base64!', /base64/],
    ['whsec_c2hvcnQ=', /24 to 64 bytes/], // "short": 5 bytes
    [`whsec_${Buffer.alloc(65).toString('base64')}`, /24 to 64 bytes/],
  ])('rejects %s', (secret, message) => {
    expect(() => webhookSecretKey(secret)).toThrow(message);
  });
});
