import type { FieldError } from '../../lib/errors.js';
import type { TimeWindow } from './ingest.fields.js';
import type { EventValidator, Issues } from './ingest.validator.js';

export interface RejectedEvent {
  index: number;
  errors: FieldError[];
}

/** The events of one request after validation, split into batches that are each folded as one job. */
export interface CollectedRequest<R> {
  batches: { rows: R[] }[];
  /** Valid events whose predictionId appeared earlier in the same request (stored once). */
  duplicatesInRequest: number;
  /** The first MAX_LISTED_REJECTIONS invalid events, by index. */
  rejected: RejectedEvent[];
  /** Every invalid event, listed or not. */
  rejectedCount: number;
  ignoredFeatures: string[];
  /** Every event seen, valid or not. */
  total: number;
}

const MAX_IGNORED_FEATURE_NAMES = 100;
/**
 * A reply lists this many invalid events and counts the rest, so its size cannot grow with the
 * request: 1M lines of `{}` once made a 378 MiB reply. Rejections past the first are only counted.
 */
export const MAX_LISTED_REJECTIONS = 100;
/** Errors listed per invalid event: an event with thousands of unknown fields lists the first ones. */
export const MAX_ERRORS_PER_EVENT = 20;

/**
 * Validates events one by one as they are read and keeps only the compact rows. Rows are sorted
 * by predictionId before they are split into batches: concurrent requests then take the unique-key
 * locks of shared ids in one order, and cannot deadlock each other.
 */
export class BatchCollector<R extends { predictionId: string }> {
  private readonly rows: R[] = [];
  private readonly seen = new Set<string>();
  private readonly rejected: RejectedEvent[] = [];
  private rejectedCount = 0;
  // One Issues for the whole request: a valid event, the common case, allocates nothing for it.
  private readonly issues: Issues = { errors: [], ignoredFeatures: new Set() };
  private duplicates = 0;
  private total = 0;

  constructor(
    private readonly validate: EventValidator<R>,
    private readonly window: TimeWindow,
  ) {}

  add(event: unknown, index: number): void {
    this.total++;
    const row = this.validate(event, `/events/${index}`, this.window, this.issues);
    if (!row) {
      this.rejectedCount++;
      if (this.rejected.length < MAX_LISTED_REJECTIONS) {
        this.rejected.push({ index, errors: this.issues.errors.slice(0, MAX_ERRORS_PER_EVENT) });
      }
      this.issues.errors.length = 0;
    } else if (this.seen.has(row.predictionId)) {
      this.duplicates++;
    } else {
      this.seen.add(row.predictionId);
      this.rows.push(row);
    }
  }

  get count(): number {
    return this.total;
  }

  finish(maxBatchEvents: number): CollectedRequest<R> {
    this.rows.sort((a, b) =>
      a.predictionId < b.predictionId ? -1 : a.predictionId > b.predictionId ? 1 : 0,
    );
    const batches: { rows: R[] }[] = [];
    for (let i = 0; i < this.rows.length; i += maxBatchEvents) {
      batches.push({ rows: this.rows.slice(i, i + maxBatchEvents) });
    }
    // A request with only invalid events still leaves a batch row: rejections are part of data quality.
    if (batches.length === 0 && this.total > 0) batches.push({ rows: [] });
    return {
      batches,
      duplicatesInRequest: this.duplicates,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      ignoredFeatures: [...this.issues.ignoredFeatures].sort().slice(0, MAX_IGNORED_FEATURE_NAMES),
      total: this.total,
    };
  }
}
