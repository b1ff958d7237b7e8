import { z } from 'zod';
import { SEGMENT_KEY_PATTERN, type ModelSpec } from '../../domain/model-spec.js';
import { ValidationError } from '../../lib/errors.js';
import { OVERALL, parseSlice, segmentSlice, versionSlice } from '../tiles/index.js';

/** How a read names a slice (src/modules/tiles/README.md "Slices"): `?segment=country:DE` or `?version=v2`. */
export const sliceQuery = {
  segment: z
    .string()
    .max(400)
    .optional()
    .describe(
      'one declared segment value, `<key>:<value>` (country:DE, country:__other__): evaluated on demand with `from` and `to`, else its latest stored evaluation of `window`',
    ),
  version: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'one model version (`modelVersion` of the predictions): evaluated on demand with `from` and `to`, else its latest stored evaluation of `window` (stored while two or more versions are live)',
    ),
};

/** What a sliced read answers with: the slice read, null for the overall traffic. */
export const sliceSchema = z
  .object({
    segment: z.object({ key: z.string(), value: z.string() }).nullable(),
    version: z.string().nullable(),
  })
  .meta({ id: 'Slice' })
  .describe('the slice evaluated: one segment value or one model version');

export type SliceRef = z.infer<typeof sliceSchema>;

const invalid = (pointer: string, message: string) =>
  new ValidationError(`The slice is invalid: ${pointer.slice(1)} ${message}.`, [
    { pointer, message, location: 'querystring' },
  ]);

/** A segment key the model declares, or a 400 naming `pointer`. */
export function declaredKey(spec: ModelSpec, key: string, pointer: string): string {
  const declared = (spec.segments ?? []).map((s) => s.key);
  if (!SEGMENT_KEY_PATTERN.test(key) || !declared.includes(key)) {
    throw invalid(
      pointer,
      declared.length === 0
        ? `names segment key "${key}", but the model declares no segments`
        : `names segment key "${key}", which the model does not declare (declared: ${declared.join(', ')})`,
    );
  }
  return key;
}

/** The slice a query names ('' when none), checked against the model's declared segments. */
export function sliceOf(spec: ModelSpec, query: { segment?: string; version?: string }): string {
  if (query.segment !== undefined && query.version !== undefined)
    throw invalid('/version', 'cannot be combined with segment');
  if (query.version !== undefined) return versionSlice(query.version);
  if (query.segment === undefined) return OVERALL;
  const at = query.segment.indexOf(':');
  if (at <= 0 || at === query.segment.length - 1)
    throw invalid('/segment', 'must be <key>:<value>, e.g. country:DE');
  const key = declaredKey(spec, query.segment.slice(0, at), '/segment');
  return segmentSlice(key, query.segment.slice(at + 1));
}

/** A slice as a response names it; null for the overall traffic. */
export function sliceRef(slice: string): SliceRef | null {
  const parsed = parseSlice(slice);
  if (parsed.kind === 'overall') return null;
  if (parsed.kind === 'version') return { segment: null, version: parsed.version };
  return { segment: { key: parsed.key, value: parsed.value }, version: null };
}
