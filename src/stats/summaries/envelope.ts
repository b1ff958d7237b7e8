import { crc32 } from 'node:zlib';
import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { SummaryFormatError } from '../bytes/format-error.js';

/**
 * Every stored feature summary is framed as: format version (u8), kind (u8), payload,
 * CRC-32 of all preceding bytes (u32). The checksum catches flipped bits that
 * would otherwise decode into plausible but wrong numbers.
 */
export const FORMAT_VERSION = 2;
/**
 * Versions this code still reads. 1 → 2: numeric summaries store their moments scaled by a power
 * of two (moments.ts), so that no finite value can overflow them; version 1 held them unscaled.
 */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

export const SummaryKind = { numeric: 1, categorical: 2 } as const;
export type SummaryKindName = keyof typeof SummaryKind;

export function seal(kind: SummaryKindName, writePayload: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter().u8(FORMAT_VERSION).u8(SummaryKind[kind]);
  writePayload(w);
  return w.u32(crc32(w.finish())).finish();
}

/** Checks framing and checksum, then hands a reader positioned on the payload to `readPayload`. */
export function unseal<T>(
  bytes: Uint8Array,
  kind: SummaryKindName,
  readPayload: (r: ByteReader, version: number) => T,
): T {
  const what = `${kind} summary`;
  if (bytes.length < 6) throw new SummaryFormatError(`${what}: ${bytes.length} bytes is too short`);
  const body = bytes.subarray(0, bytes.length - 4);
  const stored = new ByteReader(bytes.subarray(body.length), what).u32();
  const version = body[0]!;
  if (!READABLE_VERSIONS.includes(version)) {
    throw new SummaryFormatError(
      `${what}: format version ${version} is not supported (this version reads ${READABLE_VERSIONS.join(', ')})`,
    );
  }
  if (body[1] !== SummaryKind[kind])
    throw new SummaryFormatError(`${what}: bytes hold another kind (${body[1]})`);
  if (crc32(body) !== stored) throw new SummaryFormatError(`${what}: checksum mismatch (corrupted bytes)`);
  const reader = new ByteReader(body.subarray(2), what);
  const value = readPayload(reader, version);
  reader.end();
  return value;
}
