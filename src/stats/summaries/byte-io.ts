/**
 * Little-endian byte writer and a reader that checks every read, for the summary
 * formats stored per tile in Postgres (bytea). Counts are unsigned LEB128 varints
 * (most counts fit in one or two bytes); values are float64 so nothing is rounded.
 */

/** Raised when stored bytes are not a valid summary: truncated, corrupted or of another version. */
export class SummaryFormatError extends Error {
  override readonly name = 'SummaryFormatError';
}

export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Unsigned integer up to 2^53 as LEB128. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.u8(v);
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.offset++]!;
  }

  varint(what: string): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8(what);
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 53) throw new SummaryFormatError(`${what}: varint too long at byte ${this.offset}`);
    }
    if (!Number.isSafeInteger(value)) throw new SummaryFormatError(`${what}: count out of range`);
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** A slice of the next n bytes (for nested formats). */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Fails unless every byte was read: trailing bytes mean the wrong format or corruption. */
  end(what: string): void {
    if (this.offset !== this.bytes.length) {
      throw new SummaryFormatError(`${what}: ${this.bytes.length - this.offset} unexpected trailing bytes`);
    }
  }

  private need(n: number, what: string): void {
    if (this.offset + n > this.bytes.length) {
      throw new SummaryFormatError(`${what}: truncated at byte ${this.offset} of ${this.bytes.length}`);
    }
  }
}
