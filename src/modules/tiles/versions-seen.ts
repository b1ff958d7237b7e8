/** What one batch says of a model version: when its predictions were made, and how many there are. */
export interface VersionSeen {
  version: string;
  /** The earliest and latest event time (`ts`) of its predictions in the batch. */
  firstMs: number;
  lastMs: number;
  predictions: number;
}

/** The model versions of a batch's predictions; a prediction without a version is not counted. */
export function versionsSeen(
  predictions: Iterable<{ modelVersion: string | null; tsMs: number }>,
): VersionSeen[] {
  const seen = new Map<string, VersionSeen>();
  for (const { modelVersion: version, tsMs } of predictions) {
    if (version === null) continue;
    const entry = seen.get(version);
    if (!entry) seen.set(version, { version, firstMs: tsMs, lastMs: tsMs, predictions: 1 });
    else {
      entry.firstMs = Math.min(entry.firstMs, tsMs);
      entry.lastMs = Math.max(entry.lastMs, tsMs);
      entry.predictions++;
    }
  }
  return [...seen.values()];
}
