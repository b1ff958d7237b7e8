/**
 * Text Postgres can store and give back as sent: no NUL (text and jsonb cannot hold it) and no
 * unpaired UTF-16 surrogate (UTF-8 cannot encode one; it would be stored as U+FFFD). Every text
 * the API takes is checked with this (src/http/plugins/safe-text.ts; ingest per event).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
