import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalSha256 } from '../../../src/lib/canonical-json.js';

describe('canonical JSON (RFC 8785 for JSON values)', () => {
  it('sorts keys at every depth and drops whitespace and undefined properties', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[3,{"a":null,"z":1}]}',
    );
  });

  it('sorts by UTF-16 code units and writes numbers and strings as ECMAScript does', () => {
    // RFC 8785 section 3.2.3's example order: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33".
    const keys = ['\ufb33', '\u20ac', '\r', '\ud83d\ude00', '1', '\u00f6', '\u0080'];
    const text = canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])));
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) =>
      text.indexOf(JSON.stringify(k)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(canonicalJson([1e21, 0.1, -0, 'é\n'])).toBe('[1e+21,0.1,0,"é\\n"]');
  });

  it('refuses what JSON cannot hold, and hashes the UTF-8 text', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(canonicalSha256({ b: 1, a: 2 })).toBe(createHash('sha256').update('{"a":2,"b":1}').digest('hex'));
  });
});
