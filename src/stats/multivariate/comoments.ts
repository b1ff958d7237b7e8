import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';

const KIND = 0x58; // 'X': cross moments
const VERSION = 1;

/** Most numerical features a summary pairs: 32 features are 528 pairs, about 15 KB a tile. */
export const MAX_COMOMENT_FEATURES = 32;

/**
 * Pairwise co-moments of named numerical values: for every pair (i ≤ j), over the rows where both
 * are present, their count, the two means and the centred cross product Σ(xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ).
 * Mergeable exactly (Chan, Golub and LeVeque's pairwise update) and enough to give, for any
 * centre and scale fixed later, Σ over all rows of (xᵢ − cᵢ)(xⱼ − cⱼ) with a missing value
 * counted at its centre: so a window's mean reconstruction error against a reference's PCA
 * (reconstruction.ts) needs no per-event state, and tiles stay valid when the reference changes.
 */
export class CoMoments {
  private _names: readonly string[] = [];
  /** Rows folded in (a value of every name may be missing). */
  rows = 0;
  private n: Float64Array = new Float64Array(0);
  private meanI: Float64Array = new Float64Array(0);
  private meanJ: Float64Array = new Float64Array(0);
  private cross: Float64Array = new Float64Array(0);

  constructor(names: readonly string[]) {
    if (new Set(names).size !== names.length) throw new RangeError('co-moment names repeat');
    this.widen(names.slice(0, MAX_COMOMENT_FEATURES));
  }

  /** The names paired, in the order `add` takes values. */
  get names(): readonly string[] {
    return this._names;
  }

  /** Index of the pair (i, j), i ≤ j, in the packed upper triangle of `p` names. */
  private static pairIndex(p: number, i: number, j: number): number {
    return i * p - (i * (i - 1)) / 2 + (j - i);
  }

  private pair(i: number, j: number): number {
    return CoMoments.pairIndex(this._names.length, i, j);
  }

  /** Re-lays the pairs out for `names` (this summary's names first, then new ones). */
  private widen(names: readonly string[]): void {
    const old = { names: this._names, n: this.n, meanI: this.meanI, meanJ: this.meanJ, cross: this.cross };
    const p = names.length;
    const pairs = (p * (p + 1)) / 2;
    [this.n, this.meanI, this.meanJ, this.cross] = [0, 0, 0, 0].map(() => new Float64Array(pairs)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    this._names = names;
    const q = old.names.length;
    for (let i = 0; i < q; i++) {
      for (let j = i; j < q; j++) {
        const [from, to] = [CoMoments.pairIndex(q, i, j), CoMoments.pairIndex(p, i, j)];
        this.n[to] = old.n[from]!;
        this.meanI[to] = old.meanI[from]!;
        this.meanJ[to] = old.meanJ[from]!;
        this.cross[to] = old.cross[from]!;
      }
    }
  }

  /** One row: a value (or null / NaN when missing) per name, in `names` order. */
  add(values: readonly (number | null)[]): void {
    this.rows++;
    const p = this.names.length;
    for (let i = 0; i < p; i++) {
      const x = values[i];
      if (x === null || x === undefined || Number.isNaN(x)) continue;
      for (let j = i; j < p; j++) {
        const y = values[j];
        if (y === null || y === undefined || Number.isNaN(y)) continue;
        const k = this.pair(i, j);
        const n = ++this.n[k]!;
        const dx = x - this.meanI[k]!;
        this.meanI[k]! += dx / n;
        this.meanJ[k]! += (y - this.meanJ[k]!) / n;
        this.cross[k]! += dx * (y - this.meanJ[k]!);
      }
    }
  }

  /**
   * Merges another summary in. Names it has that this one lacks are added (a feature added to the
   * spec between tiles), up to MAX_COMOMENT_FEATURES; rows folded before they were added count
   * their values as missing.
   */
  merge(from: CoMoments): void {
    this.rows += from.rows;
    const added = from.names.filter((name) => !this._names.includes(name));
    if (added.length > 0) this.widen([...this._names, ...added].slice(0, MAX_COMOMENT_FEATURES));
    const index = new Map(this._names.map((name, i) => [name, i]));
    const map = from.names.map((name) => index.get(name));
    for (let a = 0; a < from.names.length; a++) {
      for (let b = a; b < from.names.length; b++) {
        const [i, j] = [map[a], map[b]];
        if (i === undefined || j === undefined) continue;
        const kFrom = from.pair(a, b);
        const nb = from.n[kFrom]!;
        if (nb === 0) continue;
        // The pair may come in the other order here: its means swap with it.
        const swap = i > j;
        const k = swap ? this.pair(j, i) : this.pair(i, j);
        const [mbI, mbJ] = swap
          ? [from.meanJ[kFrom]!, from.meanI[kFrom]!]
          : [from.meanI[kFrom]!, from.meanJ[kFrom]!];
        const na = this.n[k]!;
        const n = na + nb;
        const [dI, dJ] = [mbI - this.meanI[k]!, mbJ - this.meanJ[k]!];
        this.cross[k]! += from.cross[kFrom]! + (dI * dJ * na * nb) / n;
        this.meanI[k]! += (dI * nb) / n;
        this.meanJ[k]! += (dJ * nb) / n;
        this.n[k] = n;
      }
    }
  }

  /**
   * Σ over all rows of (xᵢ − cᵢ)(xⱼ − cⱼ), a missing value counted as cᵢ (so contributing 0), for
   * the names of `centres`; a name this summary does not hold contributes 0 everywhere.
   */
  scatterAbout(names: readonly string[], centres: readonly number[]): number[][] {
    const index = new Map(this.names.map((name, i) => [name, i]));
    const at = names.map((name) => index.get(name));
    return names.map((_, a) =>
      names.map((__, b) => {
        const [i, j] = [at[a], at[b]];
        if (i === undefined || j === undefined) return 0;
        const swap = i > j;
        const k = swap ? this.pair(j, i) : this.pair(i, j);
        const [mA, mB] = swap ? [this.meanJ[k]!, this.meanI[k]!] : [this.meanI[k]!, this.meanJ[k]!];
        return this.cross[k]! + this.n[k]! * (mA - centres[a]!) * (mB - centres[b]!);
      }),
    );
  }

  /** Σ over present values of (xᵢ − cᵢ) for the names of `centres` (0 for names not held). */
  sumsAbout(names: readonly string[], centres: readonly number[]): number[] {
    const index = new Map(this._names.map((name, i) => [name, i]));
    return names.map((name, a) => {
      const i = index.get(name);
      if (i === undefined) return 0;
      const k = this.pair(i, i);
      return this.n[k]! * (this.meanI[k]! - centres[a]!);
    });
  }

  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION).varint(this.rows).varint(this.names.length);
    for (const name of this.names) out.string(name);
    for (let k = 0; k < this.n.length; k++) {
      out.varint(this.n[k]!);
      if (this.n[k]! > 0) out.f64(this.meanI[k]!).f64(this.meanJ[k]!).f64(this.cross[k]!);
    }
    return out.finish();
  }

  static fromBytes(bytes: Uint8Array): CoMoments {
    const input = new ByteReader(bytes, 'co-moment summary');
    input.header(KIND, VERSION);
    const rows = input.varint();
    const count = input.varint();
    if (count > MAX_COMOMENT_FEATURES) input.fail(`${count} names, at most ${MAX_COMOMENT_FEATURES}`);
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(input.string());
    if (new Set(names).size !== names.length) input.fail('names repeat');
    const summary = new CoMoments(names);
    summary.rows = rows;
    for (let k = 0; k < summary.n.length; k++) {
      const n = input.varint();
      if (n > rows) input.fail('a pair has more values than rows');
      summary.n[k] = n;
      if (n === 0) continue;
      const [mI, mJ, c] = [input.f64(), input.f64(), input.f64()];
      if (![mI, mJ, c].every(Number.isFinite)) input.fail('a moment is not finite');
      [summary.meanI[k], summary.meanJ[k], summary.cross[k]] = [mI, mJ, c];
    }
    input.end();
    return summary;
  }
}
