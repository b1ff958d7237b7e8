// Pure helpers of the console: the worst-first order of the feature table, the inventory CSV, and
// the window choice kept in the model page's URL.
import { describe, expect, it } from 'vitest';
import type { FeatureDrift } from '../../../ui/src/api/types.js';
import { toCsv } from '../../../ui/src/lib/csv.js';
import { worstFirst } from '../../../ui/src/pages/drift-order.js';
import { choiceFromSearch, choiceToSearch } from '../../../ui/src/pages/window-choice.js';

const feature = (name: string, patch: Partial<FeatureDrift>) =>
  ({
    name,
    method: 'psi',
    statistic: 0,
    pValue: null,
    threshold: 0.2,
    drifted: false,
    status: 'ok',
    ...patch,
  }) as FeatureDrift;

describe('worstFirst', () => {
  it('orders drifted before ok before not judged, then by how far past the threshold on one scale', () => {
    const order = worstFirst([
      feature('ok-high', { statistic: 0.19 }),
      feature('unjudged', { statistic: null, drifted: null, status: 'insufficient_data' }),
      feature('psi-2x', { statistic: 0.4, drifted: true }),
      // p = 0.001 against 0.05: 50 times past it, further than a PSI at twice its threshold.
      feature('ks-50x', { method: 'ks', statistic: 0.3, pValue: 0.001, threshold: 0.05, drifted: true }),
      feature('ok-low', { statistic: 0.01 }),
    ]);
    expect(order.map((f) => f.name)).toEqual(['ks-50x', 'psi-2x', 'ok-high', 'ok-low', 'unjudged']);
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180), and defuses spreadsheet formulas', () => {
    expect(
      toCsv(
        ['id', 'purpose'],
        [
          ['m,1', 'say "hi"\nthen'],
          ['=cmd()', null],
        ],
      ),
    ).toBe('id,purpose\r\n"m,1","say ""hi""\nthen"\r\n\'=cmd(),\r\n');
  });
});

describe('the window choice in the URL', () => {
  it('round-trips a window or a range, the range winning when both are given', () => {
    expect(choiceFromSearch(choiceToSearch({ window: '1h' }))).toEqual({ window: '1h' });
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' };
    expect(choiceFromSearch(choiceToSearch(range))).toEqual(range);
    expect(choiceFromSearch('?window=5m&from=a&to=b')).toEqual({ from: 'a', to: 'b' });
    expect(choiceToSearch({})).toBe('');
  });
});
