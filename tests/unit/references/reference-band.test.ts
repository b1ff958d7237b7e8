// A reference stores each feature's learned band (docs/statistics.md#learned-thresholds), and the
// loader hands it to the evaluation: the same band as `modelwatch report` computes from the rows.
import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '../../../src/domain/model-spec.js';
import { createReferenceBuilder } from '../../../src/modules/references/reference-builder.js';
import { referenceProfilesSchema } from '../../../src/modules/references/references.schemas.js';
import { categoricalProfile, numericalProfile } from '../../../src/stats/drift/profile.js';
import { seededRandom } from '../../helpers/random.js';

describe('the reference builder', () => {
  it('stores a learned band per feature, as computed from the rows in order', () => {
    const spec = modelSpecSchema.parse({
      name: 'm',
      task: 'regression',
      features: [
        { name: 'x', type: 'numerical' },
        { name: 'c', type: 'categorical' },
      ],
    });
    const rng = seededRandom(5);
    const xs: number[] = [];
    const cs: string[] = [];
    const builder = createReferenceBuilder(spec, 10_000);
    for (let i = 0; i < 3100; i++) {
      const x = rng.normal();
      const c = rng.uniform() < 0.7 ? 'a' : 'b';
      xs.push(x);
      cs.push(c);
      builder.add({ features: [x, c], prediction: null, score: null, scores: null, actual: null });
    }
    const { profiles } = builder.build();
    // Stored as JSON and read back by the loader's schema.
    const stored = referenceProfilesSchema.parse(JSON.parse(JSON.stringify(profiles)));
    const counts = new Map([
      ['a', cs.filter((c) => c === 'a').length],
      ['b', cs.filter((c) => c === 'b').length],
    ]);
    expect(stored.features[0]!.band).toEqual(numericalProfile(xs).band);
    expect(stored.features[1]!.band).toEqual(categoricalProfile(3100, counts, cs).band);
    expect(stored.features[0]!.band).toMatchObject({ chunks: 30, chunkSize: 103 });
  });
});
