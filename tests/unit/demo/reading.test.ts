import { describe, expect, it } from 'vitest';
import {
  DEMO_COLUMNS,
  fit,
  formatReading,
  readingChange,
  toReading,
  type DriftReply,
  type PerformanceReply,
} from '../../../src/cli/demo/reading.js';

const drift: DriftReply = {
  evaluatedAt: '2026-01-02T03:04:05.000Z',
  status: 'drifting',
  window: { name: '1m', to: '2026-01-02T03:04:10.000Z', events: 1200 },
  datasetDrift: { share: 0.625, driftedFeatures: 5, evaluatedFeatures: 8 },
  features: [
    { name: 'age', drifted: true },
    { name: 'income', drifted: false },
    { name: 'country', drifted: true },
    { name: 'channel', drifted: null },
  ],
};

const performance: PerformanceReply = {
  status: 'degraded',
  window: { name: '5m', events: 6000 },
  realized: { labelled: 3800, coverage: 0.6333, metrics: { accuracy: 0.7123 } },
  estimated: { metrics: { accuracy: 0.8657 } },
};

describe('the live view line', () => {
  it('takes the drifted features from the drift window and the status from the performance window', () => {
    const reading = toReading(drift, performance);
    expect(reading).toMatchObject({
      status: 'degraded',
      driftedFeatures: ['age', 'country'],
      driftShare: 0.625,
      realizedAccuracy: 0.7123,
      estimatedAccuracy: 0.8657,
      labelCoverage: 0.6333,
      labelled: 3800,
    });
    const line = formatReading(reading);
    expect(line).toMatch(/^\d\d:\d\d:\d\d {2}degraded {2}drift 1m 2\/8, share 0\.63 age, country {2}\| /);
    expect(line).toContain('| acc 5m 0.712, est 0.866, labels 63%');
  });

  it('fits 100 columns: drifted features are named as far as they fit, the rest counted', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `feature_${i}`, drifted: true }));
    const line = formatReading(toReading({ ...drift, features: many }, performance));
    expect(line.length).toBeLessThanOrEqual(DEMO_COLUMNS);
    const named = many.filter((f) => line.includes(f.name)).length;
    expect(named).toBeGreaterThan(0);
    expect(line).toContain(`, +${many.length - named}  |`);
    expect(fit('x'.repeat(150))).toBe(`${'x'.repeat(DEMO_COLUMNS - 1)}…`);
  });

  it('changes only when what a reader sees changes', () => {
    const base = toReading(drift, performance);
    const same = toReading(drift, {
      ...performance,
      realized: { labelled: 3900, coverage: 0.64, metrics: { accuracy: 0.7101 } },
    });
    expect(readingChange(same)).toBe(readingChange(base)); // 0.71 either way; coverage 60% band
    const worse = toReading(drift, {
      ...performance,
      realized: { labelled: 3900, coverage: 0.64, metrics: { accuracy: 0.69 } },
    });
    expect(readingChange(worse)).not.toBe(readingChange(base));
    const calm = toReading(
      { ...drift, features: drift.features.map((f) => ({ ...f, drifted: false })) },
      performance,
    );
    expect(readingChange(calm)).not.toBe(readingChange(base));
  });

  it('says when there is no verdict or no outcome yet', () => {
    const early = toReading(
      {
        ...drift,
        status: 'healthy',
        datasetDrift: { share: null, driftedFeatures: 0, evaluatedFeatures: 0 },
      },
      { ...performance, status: 'healthy', realized: null },
    );
    expect(early.labelCoverage).toBe(0);
    const line = formatReading(early);
    expect(line).toContain('healthy   drift 1m: too few events yet');
    expect(line).toContain('| acc 5m –, est 0.866, labels 0%');
    expect(formatReading(toReading(drift, null))).toContain('accuracy not evaluated yet');
  });
});
