/** Stored bytes that are not a valid summary: wrong kind, unknown version, truncated or corrupted. */
export class SummaryFormatError extends Error {
  override readonly name = 'SummaryFormatError';
}
