// Pins the stored bytes of one small summary of each kind. The hex strings were printed by
// this code base at commit 281914c, before the two byte codecs were merged into src/stats/bytes/:
// a refactor must leave them as they are. A deliberate format change bumps the summary's
// version byte and replaces its string here.
import { describe, expect, it } from 'vitest';
import { CbpeSummary } from '../../../src/stats/cbpe/index.js';
import { BinarySummary, MulticlassSummary, RegressionSummary } from '../../../src/stats/performance/index.js';
import {
  decodeCategoricalSummary,
  encodeCategoricalSummary,
} from '../../../src/stats/summaries/categorical-codec.js';
import { decodeNumericSummary, encodeNumericSummary } from '../../../src/stats/summaries/numeric-codec.js';
import { encodedSamples } from '../../helpers/summary-samples.js';

const PINNED: Record<string, string> = {
  'numeric (exact sketch)':
    '01010702db0b5d6d457693408c0dd833063e66400d8043fd39e03341000000000000f0bfadfa5c6d454a934000f40380' +
    '0806000000000000f0bf000000000000000095d626e80b2e113e00000000000004400000000000001c40adfa5c6d454a' +
    '9340010101020101fa9b7f69',
  'numeric (digest sketch)':
    '01010702db0b5d6d457693408c0dd833063e66400d8043fd39e03341000000000000f0bfadfa5c6d454a934001f40302' +
    '00000000000000f0bfadfa5c6d454a934007000000000000f0bf000000000000000095d626e80b2e113e000000000000' +
    '044000000000000004400000000000001c40adfa5c6d454a93400101010101010103494d6f',
  'numeric (empty)': '0101000000f403800800f0dfde9d',
  categorical: '01020301020301610201620302c3a9021acf44d4',
  binary:
    '420102010203d4b83c4cc6e4094001bc0512143ff33f02b91e85eb51b8be3f0000000000000000000000013333333333' +
    '33d33f010000000000000000000000000000000000000000019a9999999999e13f0101666666666666e63f0000000000' +
    '00000000000001cdccccccccccec3f0100000000000000000000039cf90301b10801fc0f0103eee00301c80d01ad1801',
  multiclass: '4d01030363617403646f67046269726404000004010001010101020101',
  regression:
    '5202050000000000000240000000000000f93f4f8b290351f4f43f000000000000e83fcdcccccccc647940676666e68b' +
    'd548415a010105000000000000000240cdccccccccccdc3f9a9999999999e13f0000000000000000000000000000f03f' +
    '00f4038008040000000000000000000000000000d03f000000000000e03f000000000000f03f01010201af954e98',
  cbpe:
    '430103cd8104019a9999999999e13f960501666666666666e63fe60a02cdccccccccccfc3f03eee003017b14ae47e17a' +
    '943fc80d019a9999999999b93fe60a01333333333333d33f',
};

/** Decodes with the kind's own reader and encodes again. */
const reencode: Record<string, (bytes: Uint8Array) => Uint8Array> = {
  numeric: (b) => encodeNumericSummary(decodeNumericSummary(b)),
  categorical: (b) => encodeCategoricalSummary(decodeCategoricalSummary(b)),
  binary: (b) => BinarySummary.fromBytes(b).toBytes(),
  multiclass: (b) => MulticlassSummary.fromBytes(b).toBytes(),
  regression: (b) => RegressionSummary.fromBytes(b).toBytes(),
  cbpe: (b) => CbpeSummary.fromBytes(b).toBytes(),
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe.each(Object.entries(encodedSamples()))('stored bytes of the %s summary', (name, bytes) => {
  it('are the pinned bytes', () => {
    expect(hex(bytes)).toBe(PINNED[name]);
  });

  it('decode and encode back to the pinned bytes', () => {
    const pinned = Uint8Array.from(Buffer.from(PINNED[name]!, 'hex'));
    expect(hex(reencode[name.split(' ')[0]!]!(pinned))).toBe(PINNED[name]);
  });
});
