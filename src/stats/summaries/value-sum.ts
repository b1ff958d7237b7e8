import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { ScaledSum } from './scaled-sum.js';

const KIND = 0x56; // 'V'
const VERSION = 1;

/**
 * The business value carried by outcomes (revenue, cost saved, loss avoided; docs/kpis.md#value):
 * how many labelled predictions carried one and their total. Mergeable exactly in the count; the
 * total is a floating-point sum that no finite term can overflow (ScaledSum).
 */
export class ValueSum {
  count = 0;
  private readonly total = new ScaledSum();

  /** Adds one outcome's value; null (no value sent) is not counted. */
  add(value: number | null): this {
    if (value === null || !Number.isFinite(value)) return this;
    this.count++;
    this.total.add(value);
    return this;
  }

  merge(other: ValueSum): this {
    this.count += other.count;
    this.total.merge(other.total);
    return this;
  }

  get sum(): number {
    return this.total.value;
  }

  toBytes(): Uint8Array {
    return new ByteWriter()
      .header(KIND, VERSION)
      .varint(this.count)
      .f64(this.total.scaled)
      .f64(this.total.exponent)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): ValueSum {
    const input = new ByteReader(bytes, 'value summary');
    input.header(KIND, VERSION);
    const summary = new ValueSum();
    summary.count = input.varint();
    const [scaled, exponent] = [input.f64(), input.f64()];
    if (!Number.isFinite(scaled) || !Number.isInteger(exponent))
      input.fail('the total is not a finite number');
    if (summary.count === 0 && scaled !== 0) input.fail('a total without values');
    summary.total.load(scaled, exponent);
    input.end();
    return summary;
  }
}
