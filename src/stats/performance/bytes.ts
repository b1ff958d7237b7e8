/**
 * A minimal byte codec for summaries stored once per tile: unsigned LEB128 varints for
 * counts and bin indexes (most are small), little-endian float64 for sums, and
 * length-prefixed UTF-8 for class names. Every summary starts with a kind byte and a
 * version byte so that a stored tile from another summary or format is refused, not misread.
 */

/** A stored summary that cannot be read: wrong kind, unknown version, truncated or malformed. */
export class SummaryFormatError extends Error {
  override readonly name = 'SummaryFormatError';
}

const MAX_VARINT_SCALE = 2 ** 49;

export class ByteWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  header(kind: number, version: number): this {
    this.ensure(2);
    this.buffer[this.length++] = kind;
    this.buffer[this.length++] = version;
    return this;
  }

  /** A non-negative safe integer, as unsigned LEB128. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`);
    this.ensure(8);
    let rest = value;
    // Division rather than bit shifts: counts may pass 2^32.
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
    return this;
  }

  float64(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  string(value: string): this {
    return this.blob(new TextEncoder().encode(value));
  }

  /** Length-prefixed raw bytes, such as a nested summary in its own format. */
  blob(value: Uint8Array): this {
    this.varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Reads and checks the kind and version bytes. */
  header(kind: number, version: number): void {
    if (this.bytes.length < 2) this.fail('shorter than its header');
    const [k, v] = [this.bytes[0]!, this.bytes[1]!];
    if (k !== kind) this.fail(`kind byte is ${k}, expected ${kind}`);
    if (v !== version) this.fail(`version ${v} is not supported (expected ${version})`);
    this.offset = 2;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.bytes.length) this.fail('truncated');
      const byte = this.bytes[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      // Eight 7-bit groups already hold any safe integer.
      if (scale > MAX_VARINT_SCALE) this.fail('varint too long');
    }
    if (!Number.isSafeInteger(value)) this.fail('count out of range');
    return value;
  }

  float64(): number {
    if (this.offset + 8 > this.bytes.length) this.fail('truncated');
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  string(): string {
    const raw = this.blob();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return this.fail('a string is not valid UTF-8');
    }
  }

  blob(): Uint8Array {
    const length = this.varint();
    if (this.offset + length > this.bytes.length) this.fail('truncated');
    const raw = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return raw;
  }

  /** Asserts that everything was read. */
  end(): void {
    if (this.offset !== this.bytes.length) this.fail(`${this.bytes.length - this.offset} trailing bytes`);
  }

  fail(reason: string): never {
    throw new SummaryFormatError(`${this.what}: ${reason}`);
  }
}
