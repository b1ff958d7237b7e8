import { BinValues, forEachBin, readBinCounts, writeBinCounts } from '../performance/bin-counts.js';
import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import type { EstimatedPerformance } from '../performance/performance.schemas.js';
import { scoreBin } from '../performance/score-grid.js';
import { calibrate, type CbpeCalibration } from './calibration.js';
import { estimateFromGroups, type CbpeGroup } from './estimate.js';

const KIND = 0x43; // 'C'
const VERSION = 1;

/**
 * What CBPE needs from a tile of binary predictions, labelled or not: per score-grid bin
 * and per decision of the model, the count and the sum of the raw scores.
 *
 * Raw rather than calibrated scores are summed so that tiles stay valid when the
 * reference, and with it the calibration, changes. The estimate calibrates each bin's
 * mean score. Isotonic calibration is linear between its knots, so Σ cal(s) = n·cal(mean s)
 * holds exactly in every bin without a knot; in the few bins with one, the bins are narrow
 * enough (2.4e-4 of score at most) that the difference stays far below sampling noise
 * (measured in tests/unit/stats/performance-cbpe.test.ts).
 */
export class CbpeSummary {
  private readonly positiveCounts = new BinValues();
  private readonly positiveSums = new BinValues();
  private readonly negativeCounts = new BinValues();
  private readonly negativeSums = new BinValues();

  /** One prediction: its score and whether the model predicted the positive class. */
  add(score: number, predicted: boolean): this {
    const bin = scoreBin(score);
    (predicted ? this.positiveCounts : this.negativeCounts).add(bin, 1);
    (predicted ? this.positiveSums : this.negativeSums).add(bin, score);
    return this;
  }

  merge(other: CbpeSummary): this {
    return this.mergeAll([other]);
  }

  /** Merges a batch in order: the same summary as merging them one by one, to the bit. */
  mergeAll(others: readonly CbpeSummary[]): this {
    this.positiveCounts.mergeAll(others.map((o) => o.positiveCounts));
    this.positiveSums.mergeAll(others.map((o) => o.positiveSums));
    this.negativeCounts.mergeAll(others.map((o) => o.negativeCounts));
    this.negativeSums.mergeAll(others.map((o) => o.negativeSums));
    return this;
  }

  /** Predictions with a score. */
  get predictions(): number {
    return this.positiveCounts.total() + this.negativeCounts.total();
  }

  estimate(calibration: CbpeCalibration): EstimatedPerformance {
    // Counts and sums are filled together, so they occupy the same bins in the same order.
    const mass = (counts: BinValues, sums: BinValues, i: number): number => {
      const n = i < 0 ? 0 : counts.valueAt(i);
      return n > 0 ? n * calibrate(calibration, sums.valueAt(i) / n) : 0;
    };
    const groups: CbpeGroup[] = [];
    forEachBin(this.positiveCounts, this.negativeCounts, (_bin, i, j) => {
      groups.push({
        predictedPositive: i < 0 ? 0 : this.positiveCounts.valueAt(i),
        predictedPositiveMass: mass(this.positiveCounts, this.positiveSums, i),
        predictedNegative: j < 0 ? 0 : this.negativeCounts.valueAt(j),
        predictedNegativeMass: mass(this.negativeCounts, this.negativeSums, j),
      });
    });
    return estimateFromGroups(groups, calibration);
  }

  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION);
    writeBinCounts(out, this.positiveCounts, this.positiveSums);
    writeBinCounts(out, this.negativeCounts, this.negativeSums);
    return out.finish();
  }

  static fromBytes(bytes: Uint8Array): CbpeSummary {
    const input = new ByteReader(bytes, 'CBPE summary');
    input.header(KIND, VERSION);
    const summary = new CbpeSummary();
    readBinCounts(input, summary.positiveCounts, summary.positiveSums);
    readBinCounts(input, summary.negativeCounts, summary.negativeSums);
    input.end();
    return summary;
  }
}
