import { OTHER_SEGMENT_VALUE, type ModelSpec } from '../../domain/model-spec.js';

/**
 * Slices (README.md "Slices"): the overall traffic is `''`; a declared segment value is
 * `segment:<key>=<value>`; a model version is `version:<version>`. One text column in the tiles'
 * key rather than two (docs/adr/0003-summary-core.md §3): a row belongs to one slice, and every
 * maintenance step carries the slice through without knowing what it is of.
 */
export const OVERALL = '';

export type ParsedSlice =
  | { kind: 'overall' }
  | { kind: 'segment'; key: string; value: string }
  | { kind: 'version'; version: string };

export const segmentSlice = (key: string, value: string): string => `segment:${key}=${value}`;
export const versionSlice = (version: string): string => `version:${version}`;

export function parseSlice(slice: string): ParsedSlice {
  if (slice.startsWith('version:')) return { kind: 'version', version: slice.slice('version:'.length) };
  if (slice.startsWith('segment:')) {
    const rest = slice.slice('segment:'.length);
    const at = rest.indexOf('='); // declared keys have no '=' (SEGMENT_KEY_PATTERN)
    return { kind: 'segment', key: rest.slice(0, at), value: rest.slice(at + 1) };
  }
  return { kind: 'overall' };
}

/** Per declared key, the rank of each value seen (segment_values): a rank within the cap keeps its value apart. */
export type SegmentRanks = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** What the fold needs of an event to find its slices. */
export interface Sliced {
  modelVersion: string | null;
  segments: Record<string, unknown> | null;
}

/** The value of a declared key in an event's segments, or null when it has none. */
export function segmentValue(event: Sliced, key: string): string | null {
  const value = event.segments?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * The slices an event is folded into besides the overall one: one per declared key it has a
 * value for (the value if its rank is within the key's cap, else `__other__`), and its version
 * when it is among those kept apart (segment-values.ts admitVersions).
 */
export function slicesOf(
  spec: ModelSpec,
  ranks: SegmentRanks,
  event: Sliced,
  versions: ReadonlySet<string>,
): string[] {
  const slices: string[] = [];
  for (const { key, maxValues } of spec.segments ?? []) {
    const value = segmentValue(event, key);
    if (value === null) continue;
    const rank = ranks.get(key)?.get(value);
    const kept = rank !== undefined && rank <= maxValues && value !== OTHER_SEGMENT_VALUE;
    slices.push(segmentSlice(key, kept ? value : OTHER_SEGMENT_VALUE));
  }
  if (event.modelVersion !== null && versions.has(event.modelVersion)) {
    slices.push(versionSlice(event.modelVersion));
  }
  return slices;
}
