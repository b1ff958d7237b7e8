import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.js';

/**
 * A reference version's fingerprint (README.md "Fingerprints"): SHA-256 over its stored profile
 * columns as canonical JSON, then each stored summary in key order as the key (UTF-8), a NUL
 * byte, the summary's length (4 bytes, big-endian) and its bytes. Versions never change, so the
 * fingerprint of a version stays the same in every export.
 */
export function referenceFingerprint(
  stored: { profile: unknown; cbpe: unknown; performance: unknown },
  summaries: ReadonlyMap<string, Uint8Array>,
): string {
  const hash = createHash('sha256').update(
    canonicalJson({ profile: stored.profile, cbpe: stored.cbpe, performance: stored.performance }),
    'utf8',
  );
  for (const key of [...summaries.keys()].sort()) {
    const bytes = summaries.get(key)!;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(key, 'utf8').update(Buffer.of(0)).update(length).update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}
