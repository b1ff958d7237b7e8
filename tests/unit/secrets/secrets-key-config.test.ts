// Where the sealing key comes from: SECRETS_KEY, an operator's key file, or (development only) a
// key file created on first start; and when the service refuses to start without one.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { loadKeyring, parseKeyring, readOrCreateKeyFile } from '../../../src/lib/secret-box/index.js';

const KEY = randomBytes(32).toString('base64');
const DATABASE_URL = 'postgres://u:p@db.internal:5432/modelwatch';
const tempDir = () => mkdtempSync(join(tmpdir(), 'mw-secrets-key-'));

function recorder() {
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (_fields: object, msg: string): void => {
      lines.push({ level, msg });
    };
  return { lines, log: { info: at('info'), warn: at('warn') } };
}

describe('SECRETS_KEY in the configuration', () => {
  it('is required once DATABASE_URL is set, unless SECRETS_KEY_FILE names a shared key file', () => {
    const refused = parseConfig({ DATABASE_URL });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.problems.join('\n')).toMatch(/^SECRETS_KEY: required when DATABASE_URL is set/m);
    expect(parseConfig({ DATABASE_URL, SECRETS_KEY: `k1:${KEY}` }).ok).toBe(true);
    expect(parseConfig({ DATABASE_URL, SECRETS_KEY_FILE: '/run/secrets/modelwatch.key' }).ok).toBe(true);
    expect(parseConfig({}).ok).toBe(true); // development: local services and a key file
  });

  it('is checked at start-up, and the problem never repeats the key', () => {
    const short = randomBytes(20).toString('base64');
    const parsed = parseConfig({ SECRETS_KEY: `k2:${short},k1:${KEY}` });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems).toEqual([
        'SECRETS_KEY: key "k2": must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)',
      ]);
      expect(parsed.problems.join()).not.toContain(short);
    }
  });
});

describe('the key file', () => {
  it('is created once, 0600 in a 0700 directory, and read back the same afterwards', () => {
    const path = join(tempDir(), 'nested', 'secrets.key');
    const first = readOrCreateKeyFile(path);
    const again = readOrCreateKeyFile(path);
    expect(first).toMatchObject({ created: true, readableByOthers: false });
    expect(again).toMatchObject({ created: false, text: first.text });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(parseKeyring(first.text).ids).toHaveLength(1);
  });

  it('says once, at first use, that the development key is used and where it is', () => {
    const path = join(tempDir(), 'secrets.key');
    const created = recorder();
    const ring = loadKeyring({
      secretsKey: undefined,
      keyFile: undefined,
      defaultKeyFile: path,
      log: created.log,
    });
    expect(created.lines).toEqual([
      {
        level: 'warn',
        msg: `secrets at rest: no SECRETS_KEY, so sealing with the development key "${ring.currentId}" in ${path} (created now); set SECRETS_KEY in production (docs/secrets.md)`,
      },
    ]);
    const found = recorder();
    expect(
      loadKeyring({ secretsKey: undefined, keyFile: undefined, defaultKeyFile: path, log: found.log })
        .currentId,
    ).toBe(ring.currentId);
    expect(found.lines).toHaveLength(1);
    expect(found.lines[0]).toMatchObject({
      level: 'info',
      msg: expect.stringContaining(`development key "${ring.currentId}" in ${path};`),
    });
  });

  it('is neither read nor created when SECRETS_KEY is set', () => {
    const path = join(tempDir(), 'secrets.key');
    const { lines, log } = recorder();
    const ring = loadKeyring({ secretsKey: `k2:${KEY}`, keyFile: undefined, defaultKeyFile: path, log });
    expect(ring.currentId).toBe('k2');
    expect(() => statSync(path)).toThrow(/ENOENT/);
    expect(lines).toEqual([
      { level: 'info', msg: 'secrets at rest: sealing with key "k2" from SECRETS_KEY' },
    ]);
  });

  it('warns when others may read it, and names the file when it does not parse', () => {
    const dir = tempDir();
    const open = join(dir, 'open.key');
    writeFileSync(open, `k1:${KEY}\n`, { mode: 0o644 });
    const { lines, log } = recorder();
    loadKeyring({ secretsKey: undefined, keyFile: open, log });
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn']);
    expect(lines[1]?.msg).toContain('readable by others');

    const broken = join(dir, 'broken.key');
    writeFileSync(broken, 'not a key\n', { mode: 0o600 });
    expect(() => loadKeyring({ secretsKey: undefined, keyFile: broken, log })).toThrow(
      `key file ${broken}: key 1: must be the base64 of 32 random bytes`,
    );
    expect(readFileSync(broken, 'utf8')).toBe('not a key\n');
  });
});
