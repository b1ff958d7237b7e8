// Pins the stored bytes of one small summary of each kind. The hex strings were printed by this
// code base (first at commit 281914c; numeric, categorical and regression again when issue 8 scaled
// their moments and sums): a refactor must leave them as they are. A deliberate format change
// bumps the summary's version byte, replaces its string here and moves the old one to PREVIOUS.
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
    '020107020adb0b5d6d4576f33f8c0dd833063ec63f0d8043fd39e0f33f000000000000f0bfadfa5c6d454a934000f403' +
    '800806000000000000f0bf000000000000000095d626e80b2e113e00000000000004400000000000001c40adfa5c6d45' +
    '4a9340010101020101bcf93894',
  'numeric (digest sketch)':
    '020107020adb0b5d6d4576f33f8c0dd833063ec63f0d8043fd39e0f33f000000000000f0bfadfa5c6d454a934001f403' +
    '0200000000000000f0bfadfa5c6d454a934007000000000000f0bf000000000000000095d626e80b2e113e0000000000' +
    '00044000000000000004400000000000001c40adfa5c6d454a934001010101010101489cf89b',
  'numeric (empty)': '0201000000f403800800f364e976',
  categorical: '02020301020301610201620302c3a902e87b8cfd',
  binary:
    '420102010203d4b83c4cc6e4094001bc0512143ff33f02b91e85eb51b8be3f0000000000000000000000013333333333' +
    '33d33f010000000000000000000000000000000000000000019a9999999999e13f0101666666666666e63f0000000000' +
    '00000000000001cdccccccccccec3f0100000000000000000000039cf90301b10801fc0f0103eee00301c80d01ad1801',
  multiclass: '4d01030363617403646f67046269726404000004010001010101020101',
  regression:
    '520305000000000000024000000000000000f93f004f8b290351f4f43f00000000000000e83f000acdcccccccc64d93f' +
    '676666e68bd508405b02010500000000000000000240cdccccccccccdc3f9a9999999999e13f00000000000000000000' +
    '00000000f03f00f4038008040000000000000000000000000000d03f000000000000e03f000000000000f03f01010201' +
    'ec57a33e',
  cbpe:
    '430103cd8104019a9999999999e13f960501666666666666e63fe60a02cdccccccccccfc3f03eee003017b14ae47e17a' +
    '943fc80d019a9999999999b93fe60a01333333333333d33f',
};

/**
 * Bytes of the same samples in the format before the current one (numeric and categorical
 * summaries: envelope version 1, unscaled moments; regression: version 2, unscaled sums), as
 * pinned above at commit 281914c. Stored tiles hold such bytes: they must still decode, to the
 * summary that today's code encodes as PINNED.
 */
const PREVIOUS: Record<string, string> = {
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
  regression:
    '5202050000000000000240000000000000f93f4f8b290351f4f43f000000000000e83fcdcccccccc647940676666e68b' +
    'd548415a010105000000000000000240cdccccccccccdc3f9a9999999999e13f0000000000000000000000000000f03f' +
    '00f4038008040000000000000000000000000000d03f000000000000e03f000000000000f03f01010201af954e98',
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

const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe.each(Object.entries(PREVIOUS))(
  'bytes of the %s summary in the previous format',
  (name, previous) => {
    it('still decode, to the summary the pinned bytes hold', () => {
      if (name === 'regression') {
        // Version 2 did not store the actuals' extremes, from which version 3 picks their scale:
        // the same summary, other bytes.
        const metrics = (text: string) => RegressionSummary.fromBytes(fromHex(text)).metrics();
        expect(metrics(previous)).toEqual(metrics(PINNED[name]!));
      } else expect(hex(reencode[name.split(' ')[0]!]!(fromHex(previous)))).toBe(PINNED[name]);
    });
  },
);
