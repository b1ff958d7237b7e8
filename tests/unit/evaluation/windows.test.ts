/** Window lengths in configuration (src/lib/windows.ts, EVALUATION_WINDOWS and STATUS_WINDOW). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { windowSeconds } from '../../../src/lib/windows.js';

describe('windows', () => {
  it('reads s, m, h and d from 60 s to 31 days', () => {
    expect(['60s', '5m', '1h', '24h', '7d', '31d'].map(windowSeconds)).toEqual([
      60, 300, 3600, 86_400, 604_800, 2_678_400,
    ]);
    expect(['59s', '32d', '0m', '1.5h', '5 m', 'h', '1w'].map(windowSeconds)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('EVALUATION_WINDOWS is sorted shortest first; the status window defaults to it', () => {
    const parsed = parseConfig({ EVALUATION_WINDOWS: '24h, 5m,1h' });
    expect(parsed.ok && parsed.config.EVALUATION_WINDOWS.map((w) => w.name)).toEqual(['5m', '1h', '24h']);
  });

  it('refuses bad or repeated windows, and a status window that is not evaluated', () => {
    const bad = parseConfig({ EVALUATION_WINDOWS: '5m,300s,2x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/"300s" repeats[\s\S]*"2x" is not a window/);
    const status = parseConfig({ EVALUATION_WINDOWS: '5m,1h', STATUS_WINDOW: '24h' });
    expect(!status.ok && status.problems).toEqual(['STATUS_WINDOW: must be one of EVALUATION_WINDOWS']);
  });
});
