import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_OPTIONS, DemoUsageError, parseDemoArgs } from '../../../src/cli/demo/options.js';
import { phaseAt } from '../../../src/cli/demo/traffic.js';

describe('modelwatch demo flags', () => {
  it('keeps the defaults without flags', () => {
    expect(parseDemoArgs([])).toEqual(DEFAULT_DEMO_OPTIONS);
  });

  it('reads --duration, --rate, --shift-after, --degrade-after and --outcome-delay in seconds', () => {
    const options = parseDemoArgs([
      '--duration',
      '180',
      '--rate',
      '50',
      '--shift-after=30',
      '--degrade-after',
      '45',
      '--outcome-delay',
      '10-20.5',
    ]);
    expect(options).toMatchObject({
      durationSeconds: 180,
      rate: 50,
      shiftAfterMs: 30_000,
      conceptDriftAfterMs: 45_000,
      outcomeDelayMs: { min: 10_000, max: 20_500 },
    });
  });

  it.each([
    [['--rate', '0']],
    [['--rate', 'fast']],
    [['--duration', '-1']],
    [['--outcome-delay', '20-10']],
    [['--outcome-delay', '20']],
    [['--unknown']],
  ])('refuses %j', (args) => {
    expect(() => parseDemoArgs(args)).toThrow(DemoUsageError);
  });
});

describe('the demo story', () => {
  it('shifts the population first, then the concept, at the configured times', () => {
    const options = { ...DEFAULT_DEMO_OPTIONS, shiftAfterMs: 1_000, conceptDriftAfterMs: 2_000 };
    expect(phaseAt(999, options)).toEqual({ shifted: false, conceptDrift: false });
    expect(phaseAt(1_000, options)).toEqual({ shifted: true, conceptDrift: false });
    expect(phaseAt(2_000, options)).toEqual({ shifted: true, conceptDrift: true });
  });
  it('refuses a --database the demo must not drop when it stops', () => {
    for (const name of ['modelwatch', 'postgres', 'template1']) {
      expect(() => parseDemoArgs(['--database', name])).toThrow(DemoUsageError);
    }
    expect(parseDemoArgs(['--database', 'my_demo']).database).toBe('my_demo');
  });
});
