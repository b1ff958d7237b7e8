/**
 * Little-endian bytes for the summaries stored per tile (Postgres bytea). Counts are unsigned
 * LEB128 varints (most fit in one or two bytes), values float64 so nothing is rounded, and
 * strings and nested summaries are length-prefixed.
 */
const encoder = new TextEncoder();

export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The kind and version bytes that open a performance summary (ByteReader.header checks them). */
  header(kind: number, version: number): this {
    return this.u8(kind).u8(version);
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  /** A non-negative safe integer, as unsigned LEB128. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`);
    let rest = value;
    // Division rather than bit shifts: counts may pass 2^32.
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    return this.u8(rest);
  }

  u32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
    return this;
  }

  f64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  /** UTF-8, length-prefixed. */
  string(value: string): this {
    return this.blob(encoder.encode(value));
  }

  /** Length-prefixed raw bytes, such as a nested summary in its own format. */
  blob(value: Uint8Array): this {
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A copy of everything written so far; writing may go on after it. */
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
