// Logs never carry channel credentials: whatever shape a log call gives a target, a secret or a
// key, pino's redaction (lib/logger.ts) replaces it.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../../src/lib/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino(loggerOptions('info'), stream), text: () => lines.join('') };
}

const target = {
  type: 'webhook',
  url: 'https://hooks.example.com/path-token-0001?token=query-token-0001',
  secret: 'whsec_c2lnbmluZy1zZWNyZXQtMDAwMQ==',
  previousSecret: 'whsec_cHJldmlvdXMtc2VjcmV0LTAwMDE=',
};
const SECRETS = [
  'path-token-0001',
  'query-token-0001',
  'c2lnbmluZy1zZWNyZXQtMDAwMQ',
  'cHJldmlvdXMtc2VjcmV0LTAwMDE',
];

describe('log redaction', () => {
  it.each([
    ['a target at the top level', { target }],
    ['a target inside a channel', { channel: { id: 'ops', target } }],
    ['a target two levels down', { job: { channel: { target } } }],
    ['a sealed target', { sealedTarget: 'sb1.k1.path-token-0001' }],
    ['secrets as fields', { secret: target.secret, previousSecret: target.previousSecret }],
    ['a routing key', { body: { routingKey: 'path-token-0001' } }],
    ['the key setting', { config: { SECRETS_KEY: 'k1:query-token-0001' } }],
  ])('hides %s', (_case, fields) => {
    const { log, text } = capture();
    log.info(fields, 'something happened');
    expect(text()).toContain('[redacted]');
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
  });

  it('keeps what is not a credential', () => {
    const { log, text } = capture();
    log.info({ channelId: 'ops', keyId: 'k1', req: { url: '/v1/channels/ops' } }, 'sealed');
    expect(JSON.parse(text())).toMatchObject({
      channelId: 'ops',
      keyId: 'k1',
      req: { url: '/v1/channels/ops' },
    });
  });
});
