// The README's configuration table must name every variable src/config.ts reads, so it cannot rot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../../src/config.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const tableRows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]));

describe('README configuration table', () => {
  it('has a row for every configuration variable', () => {
    const missing = [...CONFIG_KEYS].filter((key) => !tableRows.has(key));
    expect(missing).toEqual([]);
  });

  it('has no row for a variable the service does not read', () => {
    const unknown = [...tableRows].filter((key) => !CONFIG_KEYS.includes(key!));
    expect(unknown).toEqual([]);
  });
});
