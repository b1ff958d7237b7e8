import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';

// Fine tiles roll up into hour tiles: TILE_SECONDS must divide the hour and be shorter than it.

describe('TILE_SECONDS', () => {
  it.each(['10', '60', '300', '1800'])('accepts %s', (value) => {
    const parsed = parseConfig({ TILE_SECONDS: value });
    expect(parsed.ok && parsed.config.TILE_SECONDS).toBe(Number(value));
  });

  it.each(['7', '3600', '0'])('refuses %s, naming the variable', (value) => {
    const parsed = parseConfig({ TILE_SECONDS: value });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).toMatch(/^TILE_SECONDS: /m);
  });
});
