import { SummaryFormatError } from './format-error.js';

/** Eight 7-bit groups already hold any safe integer: a longer varint is corrupt. */
const MAX_VARINT_SCALE = 2 ** 49;
// ignoreBOM: a leading U+FEFF is part of the string, not a marker to strip (a category "\ufeffx"
// must come back as written, not as "x").
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads what ByteWriter wrote and checks every read: running past the end, an overlong
 * varint or invalid UTF-8 throws SummaryFormatError, prefixed with `what` (e.g. "numeric
 * summary") so that a stored tile that cannot be read says which summary it was.
 */
export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Reads and checks the kind and version bytes of ByteWriter.header; returns the version. */
  header(kind: number, versions: number | readonly number[]): number {
    if (this.bytes.length < 2) this.fail('shorter than its header');
    const [k, v] = [this.u8(), this.u8()];
    const readable = typeof versions === 'number' ? [versions] : versions;
    if (k !== kind) this.fail(`kind byte is ${k}, expected ${kind}`);
    if (!readable.includes(v)) this.fail(`version ${v} is not supported (expected ${readable.join(' or ')})`);
    return v;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      if (scale > MAX_VARINT_SCALE) this.fail(`varint too long at byte ${this.offset}`);
    }
    if (!Number.isSafeInteger(value)) this.fail('count out of range');
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  string(): string {
    const raw = this.blob();
    try {
      return decoder.decode(raw);
    } catch {
      return this.fail('a string is not valid UTF-8');
    }
  }

  /** What ByteWriter.blob wrote: a view of the next bytes, for a nested format. */
  blob(): Uint8Array {
    const length = this.varint();
    this.need(length);
    const raw = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return raw;
  }

  /** Fails unless every byte was read: trailing bytes mean another format or corruption. */
  end(): void {
    if (this.offset !== this.bytes.length) this.fail(`${this.bytes.length - this.offset} trailing bytes`);
  }

  fail(reason: string): never {
    throw new SummaryFormatError(`${this.what}: ${reason}`);
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      this.fail(`truncated at byte ${this.offset} of ${this.bytes.length}`);
    }
  }
}
