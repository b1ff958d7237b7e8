// Silence matchers as Alertmanager defines them: =, !=, anchored =~ and !~, missing label = ''.
import { describe, expect, it } from 'vitest';
import { compileMatcher, matchingSilence } from '../../../src/modules/alerting/silences/silences.match.js';
import {
  createSilenceSchema,
  matcherSchema,
} from '../../../src/modules/alerting/silences/silences.schemas.js';

const labels = { alertname: 'FeatureDrift', model: 'credit-risk', feature: 'income', severity: 'warning' };
const matches = (m: unknown) => compileMatcher(matcherSchema.parse(m))(labels);

describe('matchers', () => {
  it('= and != compare whole strings; a missing label is the empty string', () => {
    expect(matches({ name: 'model', value: 'credit-risk' })).toBe(true);
    expect(matches({ name: 'model', value: 'credit' })).toBe(false);
    expect(matches({ name: 'model', op: '!=', value: 'fraud' })).toBe(true);
    expect(matches({ name: 'team', value: '' })).toBe(true);
    expect(matches({ name: 'team', op: '!=', value: '' })).toBe(false);
  });

  it('=~ and !~ are anchored at both ends', () => {
    expect(matches({ name: 'model', op: '=~', value: 'credit-.*' })).toBe(true);
    expect(matches({ name: 'model', op: '=~', value: 'credit' })).toBe(false);
    expect(matches({ name: 'feature', op: '!~', value: 'inc|age' })).toBe(true);
    expect(matches({ name: 'feature', op: '!~', value: 'income|age' })).toBe(false);
  });

  it('an invalid regular expression is refused when the silence is created', () => {
    expect(matcherSchema.safeParse({ name: 'model', op: '=~', value: '(' }).success).toBe(false);
    expect(
      createSilenceSchema.safeParse({ matchers: [], endsAt: '2026-03-01T10:00:00Z', comment: 'x' }).success,
    ).toBe(false);
    expect(
      createSilenceSchema.safeParse({
        matchers: [{ name: 'model', value: 'a' }],
        startsAt: '2026-03-01T10:00:00Z',
        endsAt: '2026-03-01T09:00:00Z',
        comment: 'backwards',
      }).success,
    ).toBe(false);
  });
});

describe('matchingSilence', () => {
  const silence = {
    id: 's1',
    matchers: [
      matcherSchema.parse({ name: 'model', value: 'credit-risk' }),
      matcherSchema.parse({ name: 'severity', op: '=~', value: 'warning|info' }),
    ],
    startsAt: new Date('2026-03-01T10:00:00Z'),
    endsAt: new Date('2026-03-01T11:00:00Z'),
  };

  it('applies in [startsAt, endsAt) when every matcher matches', () => {
    expect(matchingSilence([silence], labels, new Date('2026-03-01T10:00:00Z'))?.id).toBe('s1');
    expect(matchingSilence([silence], labels, new Date('2026-03-01T10:59:59Z'))?.id).toBe('s1');
    expect(matchingSilence([silence], labels, new Date('2026-03-01T11:00:00Z'))).toBeNull();
    expect(matchingSilence([silence], labels, new Date('2026-03-01T09:59:59Z'))).toBeNull();
    expect(
      matchingSilence([silence], { ...labels, severity: 'critical' }, new Date('2026-03-01T10:30:00Z')),
    ).toBeNull();
  });
});
