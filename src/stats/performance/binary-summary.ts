import { BinValues, forEachBin, readBinCounts, writeBinCounts } from './bin-counts.js';
import { ByteReader } from '../bytes/byte-reader.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { ECE_BINS, eceBin, eceFromBins, emptyEceBins, type EceBinTotals } from './calibration-error.js';
import { classificationFromCounts, type ConfusionCounts } from './classification-counts.js';
import { brierTerm, logLossTerm } from './log-loss.js';
import type { BinaryMetrics } from './performance.schemas.js';
import { aucFromGroups, binnedAucMaxError, type ScoreGroup } from './roc-auc.js';
import { scoreBin } from './score-grid.js';

const KIND = 0x42; // 'B'
const VERSION = 1;

/**
 * The labelled pairs of a binary classifier in one tile: confusion counts at the model's
 * own decision, and for pairs that carry a score, positive and negative score histograms
 * on the fine grid (ROC AUC), exact sums of the log-loss and Brier terms, and per
 * calibration bin the count, score sum and positives (ECE, exact).
 */
export class BinarySummary {
  readonly confusion: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  private readonly positives = new BinValues();
  private readonly negatives = new BinValues();
  private logLossSum = 0;
  private brierSum = 0;
  private readonly ece: EceBinTotals[] = emptyEceBins();

  /** One labelled pair: is the outcome the positive class, did the model predict it, its score. */
  add(actual: boolean, predicted: boolean, score?: number | null): this {
    if (score !== undefined && score !== null) {
      const bin = scoreBin(score);
      (actual ? this.positives : this.negatives).add(bin, 1);
      this.logLossSum += logLossTerm(actual, score);
      this.brierSum += brierTerm(actual, score);
      const calibration = this.ece[eceBin(score)]!;
      calibration.count += 1;
      calibration.scoreSum += score;
      if (actual) calibration.positives += 1;
    }
    this.confusion[predicted ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn'] += 1;
    return this;
  }

  merge(other: BinarySummary): this {
    return this.mergeAll([other]);
  }

  /** Merges a batch in order: the same summary as merging them one by one, to the bit. */
  mergeAll(others: readonly BinarySummary[]): this {
    for (const other of others) {
      for (const key of ['tp', 'fp', 'fn', 'tn'] as const) this.confusion[key] += other.confusion[key];
      this.logLossSum += other.logLossSum;
      this.brierSum += other.brierSum;
      this.ece.forEach((bin, i) => {
        const theirs = other.ece[i]!;
        bin.count += theirs.count;
        bin.scoreSum += theirs.scoreSum;
        bin.positives += theirs.positives;
      });
    }
    this.positives.mergeAll(others.map((o) => o.positives));
    this.negatives.mergeAll(others.map((o) => o.negatives));
    return this;
  }

  /** Labelled pairs, with or without a score. */
  get labelled(): number {
    const { tp, fp, fn, tn } = this.confusion;
    return tp + fp + fn + tn;
  }

  /** Labelled pairs that carried a score. */
  get scored(): number {
    return this.positives.total() + this.negatives.total();
  }

  /** Score-grid bins in ascending order, as groups for aucFromGroups. */
  scoreGroups(): ScoreGroup[] {
    const groups: ScoreGroup[] = [];
    forEachBin(this.positives, this.negatives, (_bin, i, j) => {
      groups.push({
        positive: i < 0 ? 0 : this.positives.valueAt(i),
        negative: j < 0 ? 0 : this.negatives.valueAt(j),
      });
    });
    return groups;
  }

  metrics(): BinaryMetrics {
    const scored = this.scored;
    const groups = this.scoreGroups();
    return {
      ...classificationFromCounts(this.confusion),
      rocAuc: aucFromGroups(groups),
      logLoss: scored > 0 ? this.logLossSum / scored : null,
      brier: scored > 0 ? this.brierSum / scored : null,
      ece: eceFromBins(this.ece),
    };
  }

  /** How far metrics().rocAuc can be from the exact ROC AUC of the same pairs. */
  rocAucMaxError(): number | null {
    return binnedAucMaxError(this.scoreGroups());
  }

  toBytes(): Uint8Array {
    const out = new ByteWriter().header(KIND, VERSION);
    const { tp, fp, fn, tn } = this.confusion;
    out.varint(tp).varint(fp).varint(fn).varint(tn).f64(this.logLossSum).f64(this.brierSum);
    for (const bin of this.ece) out.varint(bin.count).f64(bin.scoreSum).varint(bin.positives);
    writeBinCounts(out, this.positives);
    writeBinCounts(out, this.negatives);
    return out.finish();
  }

  static fromBytes(bytes: Uint8Array): BinarySummary {
    const input = new ByteReader(bytes, 'binary classification summary');
    input.header(KIND, VERSION);
    const summary = new BinarySummary();
    for (const key of ['tp', 'fp', 'fn', 'tn'] as const) summary.confusion[key] = input.varint();
    summary.logLossSum = input.f64();
    summary.brierSum = input.f64();
    for (let i = 0; i < ECE_BINS; i++) {
      summary.ece[i] = { count: input.varint(), scoreSum: input.f64(), positives: input.varint() };
    }
    readBinCounts(input, summary.positives);
    readBinCounts(input, summary.negatives);
    input.end();
    summary.check(input);
    return summary;
  }

  private check(input: ByteReader): void {
    const scored = this.scored;
    if (scored > this.labelled) input.fail('more scored pairs than labelled pairs');
    const inEce = this.ece.reduce((sum, bin) => sum + bin.count, 0);
    const positivesInEce = this.ece.reduce((sum, bin) => sum + bin.positives, 0);
    if (inEce !== scored || positivesInEce !== this.positives.total()) {
      input.fail('calibration bins disagree with the score histograms');
    }
    for (const { count, scoreSum, positives } of this.ece) {
      if (positives > count || !(scoreSum >= 0 && scoreSum <= count))
        input.fail('impossible calibration bin');
    }
    if (!(this.logLossSum >= 0 && this.brierSum >= 0)) input.fail('negative or invalid loss sums');
  }
}
