import { describe, expect, it } from 'vitest';
import { jsonDiff, jsonEqual } from '../../../src/lib/json-diff.js';

// Expected diffs are written out by hand from the inputs: each path is an RFC 6901 pointer.
describe('jsonDiff', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    expect(jsonDiff({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual([]);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
  });

  it('reports leaf changes with pointers into nested objects and arrays', () => {
    const before = { features: [{ name: 'age', drift: { threshold: 0.1 } }], owner: 'a' };
    const after = { features: [{ name: 'age', drift: { threshold: 0.2 } }], owner: 'b' };
    expect(jsonDiff(before, after)).toEqual([
      { path: '/features/0/drift/threshold', before: 0.1, after: 0.2 },
      { path: '/owner', before: 'a', after: 'b' },
    ]);
  });

  it('reports added and removed keys and array items without the missing side', () => {
    expect(jsonDiff({ a: 1, list: [1, 2] }, { b: 2, list: [1] })).toEqual([
      { path: '/a', before: 1 },
      { path: '/b', after: 2 },
      { path: '/list/1', before: 2 },
    ]);
  });

  it('treats a change of type as a whole replacement and escapes ~ and / in keys', () => {
    expect(jsonDiff({ 'a/b~c': [1] }, { 'a/b~c': { 0: 1 } })).toEqual([
      { path: '/a~1b~0c', before: [1], after: { 0: 1 } },
    ]);
    expect(jsonDiff(1, '1')).toEqual([{ path: '', before: 1, after: '1' }]);
  });
});
