import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { parseSlice, segmentSlice, slicesOf, versionSlice } from '../../../src/modules/tiles/slices.js';

// How an event finds its slices (src/modules/tiles/README.md "Slices"); expected values written by hand.
const spec = modelSpecSchema.parse({
  name: 'm',
  task: 'regression',
  features: [{ name: 'x', type: 'numerical' }],
  segments: [
    { key: 'country', maxValues: 2 },
    { key: 'channel', maxValues: 1 },
  ],
});
const ranks = new Map([
  [
    'country',
    new Map([
      ['DE', 1],
      ['FR', 2],
      ['NL', 3], // ranked before the cap was lowered to 2
    ]),
  ],
]);

/** The versions kept apart (segment-values.ts admitVersions). */
const kept = new Set(['v2']);

describe('slicesOf', () => {
  it('gives a kept value its slice, any other value __other__, and the version its own', () => {
    const event = { modelVersion: 'v2', segments: { country: 'FR', channel: 'web', tier: 'gold' } };
    expect(slicesOf(spec, ranks, event, kept)).toEqual([
      'segment:country=FR',
      'segment:channel=__other__',
      'version:v2',
    ]);
  });

  it('folds a value ranked beyond the cap, and a value sent as __other__, into __other__', () => {
    expect(slicesOf(spec, ranks, { modelVersion: null, segments: { country: 'NL' } }, kept)).toEqual([
      'segment:country=__other__',
    ]);
    expect(slicesOf(spec, ranks, { modelVersion: null, segments: { country: '__other__' } }, kept)).toEqual([
      'segment:country=__other__',
    ]);
  });

  it('gives a version no slice of its own once newer versions displaced it', () => {
    expect(slicesOf(spec, ranks, { modelVersion: 'v1', segments: { country: 'DE' } }, kept)).toEqual([
      'segment:country=DE',
    ]);
  });

  it('puts an event without segments or version in no slice but the overall one', () => {
    expect(slicesOf(spec, ranks, { modelVersion: null, segments: null }, kept)).toEqual([]);
    expect(slicesOf(spec, ranks, { modelVersion: null, segments: { country: 7 } }, kept)).toEqual([]);
  });
});

describe('parseSlice', () => {
  it('reads back what segmentSlice and versionSlice write, values with = and : included', () => {
    expect(parseSlice(segmentSlice('country', 'a=b:c'))).toEqual({
      kind: 'segment',
      key: 'country',
      value: 'a=b:c',
    });
    expect(parseSlice(versionSlice('1.0:rc=1'))).toEqual({ kind: 'version', version: '1.0:rc=1' });
    expect(parseSlice('')).toEqual({ kind: 'overall' });
  });
});
