// The rule contract: defaults, refused labels and placeholders, templates filled in, selectors.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  alertAnnotations,
  alertLabels,
  nextAlert,
} from '../../../src/modules/alerting/alerts/alert-build.js';
import type { StoredAlert } from '../../../src/modules/alerting/alerts/alerts.store.js';
import type { Reading } from '../../../src/modules/alerting/rules/conditions.js';
import { alertFingerprint } from '../../../src/modules/alerting/alerts/identity.js';
import { ruleSpecSchema, type Rule } from '../../../src/modules/alerting/rules/rules.schemas.js';
import { readsSegment, selects, stillApplies } from '../../../src/modules/alerting/rules/selectors.js';
import { renderTemplate, unknownPlaceholders } from '../../../src/modules/alerting/rules/templates.js';

const minimal = {
  condition: { kind: 'feature_drift' },
  comparator: '>=',
  threshold: 1,
  annotations: { summary: '{{model}}: {{feature}} drifted ({{value}} ≥ {{threshold}})' },
};

const rule = (over: object = {}): Rule => ({
  ...ruleSpecSchema.parse({ ...minimal, ...over }),
  id: 'feature-drift',
  builtin: false,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'test',
});

const CREDIT_RISK = { modelId: 'credit-risk', segment: null };
const at = (minute: number, seconds = 0) => new Date(Date.UTC(2026, 2, 1, 10, minute, seconds));

/** One evaluation of window end `minute`, made `seconds` after it; the alert afterwards. */
function apply(
  r: Rule,
  obs: { feature: string | null; value: number | null },
  reading: Reading,
  minute: number,
  previous: StoredAlert | null,
  seconds = 0,
): StoredAlert {
  const next = nextAlert(
    r,
    { modelId: 'credit-risk', segment: null },
    obs,
    reading,
    { windowEnd: at(minute), evaluatedAt: at(minute, seconds) },
    previous,
  );
  if (!next) throw new Error('the evaluation was ignored');
  return next.alert;
}

describe('rule spec', () => {
  it('fills in defaults: enabled, every model, 1h window, for 1, resolve after 3, warning', () => {
    expect(ruleSpecSchema.parse(minimal)).toMatchObject({
      enabled: true,
      models: { match: 'all', exclude: [] },
      window: '1h',
      for: 1,
      resolve: { after: 3 },
      severity: 'warning',
      labels: {},
      condition: { kind: 'feature_drift', measure: 'verdict' },
    });
  });

  it('refuses labels modelwatch sets, label names Prometheus refuses, and unknown placeholders', () => {
    const issues = (over: object) => ruleSpecSchema.safeParse({ ...minimal, ...over }).error?.issues ?? [];
    expect(issues({ labels: { model: 'x' } })[0]?.message).toMatch(/set by modelwatch/);
    expect(issues({ labels: { 'bad-name': 'x' } })).not.toHaveLength(0);
    expect(issues({ labels: { __meta: 'x' } })).not.toHaveLength(0);
    expect(issues({ annotations: { summary: 'value {{valu}}' } })[0]?.message).toBe(
      'unknown placeholder {{valu}}',
    );
    expect(issues({ annotations: { summary: 'x', runbookUrl: 'not a url {{model}}' } })).not.toHaveLength(0);
    expect(issues({ for: 0 })).not.toHaveLength(0);
  });
});

describe('templates', () => {
  it('fills known placeholders, spaces allowed inside the braces', () => {
    const values = {
      model: 'm',
      feature: 'f',
      segment: '',
      value: '0.3',
      threshold: '0.2',
      window: '1h',
      severity: 'info',
      rule: 'r',
    };
    expect(renderTemplate('{{ model }}/{{feature}} {{value}}>{{threshold}} {{window}}', values)).toBe(
      'm/f 0.3>0.2 1h',
    );
    expect(unknownPlaceholders('{{model}} {{owner}} {{ value }}')).toEqual(['owner']);
  });

  it('annotations carry the model, feature, value and threshold; URL values are percent-encoded', () => {
    const r = rule({
      annotations: { ...minimal.annotations, runbookUrl: 'https://runbooks.example/{{feature}}' },
    });
    const values = {
      model: 'credit-risk',
      feature: 'debt ratio',
      segment: '',
      value: '1',
      threshold: '1',
      window: '1h',
      severity: 'warning',
      rule: r.id,
    };
    expect(alertAnnotations(r, values)).toEqual({
      summary: 'credit-risk: debt ratio drifted (1 ≥ 1)',
      runbook_url: 'https://runbooks.example/debt%20ratio',
    });
  });
});

describe('labels and identity', () => {
  it('labels: alertname (the rule name, or its id), rule, model, window, severity, feature, and the rule’s own', () => {
    expect(alertLabels(rule({ labels: { team: 'risk' } }), 'credit-risk', 'age')).toEqual({
      team: 'risk',
      alertname: 'feature-drift',
      rule: 'feature-drift',
      model: 'credit-risk',
      window: '1h',
      severity: 'warning',
      feature: 'age',
    });
    expect(alertLabels(rule({ name: 'FeatureDrift' }), 'm', null)).not.toHaveProperty('feature');
  });

  it('the fingerprint is stable and tells rule, model and feature apart, not severity or labels', () => {
    const a = apply(rule(), { feature: 'age', value: 1 }, 'breach', 0, null).id;
    const b = apply(
      rule({ severity: 'critical', labels: { team: 'x' } }),
      { feature: 'age', value: 0 },
      'ok',
      1,
      null,
    ).id;
    expect(a).toBe(b);
    expect(a).toBe(alertFingerprint('feature-drift', { model: 'credit-risk', feature: 'age' }));
    expect(alertFingerprint('feature-drift', { model: 'credit-risk', feature: 'income' })).not.toBe(a);
    expect(alertFingerprint('feature-drift', { model: 'fraud', feature: 'age' })).not.toBe(a);
    expect(alertFingerprint('other', { model: 'credit-risk', feature: 'age' })).not.toBe(a);
  });

  it('an alert of the whole model keeps the id it had before segments existed', () => {
    // The digest as identity.ts wrote it before segments: stored alerts must keep their ids.
    const before = createHash('sha256')
      .update(JSON.stringify(['alert', 'feature-drift', 'credit-risk', 'age']))
      .digest('hex')
      .slice(0, 32);
    const whole = { model: 'credit-risk', feature: 'age' };
    expect(alertFingerprint('feature-drift', whole)).toBe(before);
    expect(alertFingerprint('feature-drift', { ...whole, segment: null })).toBe(before);
  });

  it('a segment value is part of the identity and the labels: one alert per value', () => {
    const de = { modelId: 'credit-risk', segment: { key: 'country', value: 'DE' } };
    const fr = { modelId: 'credit-risk', segment: { key: 'country', value: 'FR' } };
    const at5 = { windowEnd: at(5), evaluatedAt: at(5) };
    const obs = { feature: null, value: 1 };
    const alertDe = nextAlert(rule(), de, obs, 'breach', at5, null)!.alert;
    const alertFr = nextAlert(rule(), fr, obs, 'breach', at5, null)!.alert;
    expect(alertDe.id).not.toBe(alertFr.id);
    expect(alertDe.id).toBe(
      alertFingerprint('feature-drift', { model: 'credit-risk', feature: null, segment: de.segment }),
    );
    expect(alertDe.id).not.toBe(alertFingerprint('feature-drift', { model: 'credit-risk', feature: null }));
    expect(alertDe).toMatchObject({ segment: de.segment, labels: { segment: 'country:DE' } });
    expect(alertFr.labels.segment).toBe('country:FR');
    const templated = rule({ annotations: { summary: '{{model}} {{segment}} drifted' } });
    expect(nextAlert(templated, de, obs, 'breach', at5, null)!.alert.annotations.summary).toBe(
      'credit-risk country:DE drifted',
    );
  });

  it('keeps the episode’s timestamps: pending since, fired at, resolved at', () => {
    const r = rule({ for: 2, resolve: { after: 1 } });
    const obs = { feature: 'age', value: 1 };
    const p = apply(r, obs, 'breach', 0, null);
    const f = apply(r, obs, 'breach', 1, p);
    const res = apply(r, { ...obs, value: 0 }, 'ok', 2, f);
    expect([p.state, f.state, res.state]).toEqual(['pending', 'firing', 'resolved']);
    expect(res).toMatchObject({
      pendingSince: at(0),
      firedAt: at(1),
      resolvedAt: at(2),
      lastWindowEnd: at(2),
      value: 0,
    });
    // Labels and annotations follow the current value and rule, not the previous row's.
    expect(res.annotations.summary).toBe('credit-risk: age drifted (0 ≥ 1)');
    expect(apply({ ...r, severity: 'info' }, obs, 'breach', 3, res).labels.severity).toBe('info');
    const again = apply(r, obs, 'breach', 3, res);
    expect(again).toMatchObject({
      state: 'pending',
      episode: 2,
      pendingSince: at(3),
      firedAt: null,
      resolvedAt: null,
    });
  });
});

describe('evaluations of the same window end', () => {
  const r = rule({ for: 2, resolve: { after: 1 } });
  const obs = { feature: 'age', value: 1 };

  it('a replay (same evaluatedAt) or an older window end changes nothing', () => {
    const p = apply(r, obs, 'breach', 5, null);
    expect(nextAlert(r, CREDIT_RISK, obs, 'breach', { windowEnd: at(5), evaluatedAt: at(5) }, p)).toBeNull();
    expect(nextAlert(r, CREDIT_RISK, obs, 'breach', { windowEnd: at(4), evaluatedAt: at(9) }, p)).toBeNull();
  });

  it('a later evaluation of it replaces the reading: a window counts once towards `for`', () => {
    const noData = apply(r, { ...obs, value: null }, 'no_data', 5, null);
    // Re-evaluated with a reference 30 s later: now a breach. Still the first breaching window.
    const refined = apply(r, obs, 'breach', 5, noData, 30);
    expect(refined).toMatchObject({ state: 'pending', breaches: 1, episode: 1, value: 1 });
    const again = apply(r, obs, 'breach', 5, refined, 40);
    expect(again).toMatchObject({ state: 'pending', breaches: 1 });
    expect(apply(r, obs, 'breach', 6, again)).toMatchObject({ state: 'firing', breaches: 2 });
  });

  it('a refinement never silently un-fires an alert: it resolves it', () => {
    const p = apply(r, obs, 'breach', 0, null);
    const f = apply(r, obs, 'breach', 1, p);
    const next = nextAlert(
      r,
      CREDIT_RISK,
      { ...obs, value: 0.2 },
      'ok',
      { windowEnd: at(1), evaluatedAt: new Date(at(1).getTime() + 5_000) },
      f,
    );
    expect(next?.transition).toEqual({ from: 'firing', to: 'resolved' });
    expect(next?.alert).toMatchObject({ state: 'resolved', episode: 1, resolvedAt: at(1) });
  });
});

describe('selectors', () => {
  it('all (with exclusions), a list, or every tag matching', () => {
    expect(selects({ match: 'all', exclude: [] }, 'a', {})).toBe(true);
    expect(selects({ match: 'all', exclude: ['a'] }, 'a', {})).toBe(false);
    expect(selects({ match: 'models', models: ['a', 'b'] }, 'b', {})).toBe(true);
    expect(selects({ match: 'models', models: ['a'] }, 'b', {})).toBe(false);
    const tags = { match: 'tags' as const, tags: { domain: 'lending', tier: 'high' }, exclude: [] };
    expect(selects(tags, 'a', { domain: 'lending', tier: 'high', x: 'y' })).toBe(true);
    expect(selects(tags, 'a', { domain: 'lending' })).toBe(false);
    expect(selects({ ...tags, tags: { constructor: 'x' } }, 'a', {})).toBe(false);
  });

  it('an edited rule keeps only the open alerts it still raises', () => {
    const spec = rule({ condition: { kind: 'feature_drift', features: ['age'] } });
    const alert = { window: '1h', modelId: 'm', feature: 'age', segment: null };
    expect(stillApplies(spec, alert, {})).toBe(true);
    expect(stillApplies(spec, { ...alert, feature: 'income' }, {})).toBe(false);
    expect(stillApplies({ ...spec, window: '24h' }, alert, {})).toBe(false);
    expect(stillApplies({ ...spec, enabled: false }, alert, {})).toBe(false);
    expect(stillApplies({ ...spec, models: { match: 'models', models: ['other'] } }, alert, {})).toBe(false);
    expect(stillApplies(spec, alert, null)).toBe(false);
  });

  it('segment scope: a rule reads either the whole model or segment values, and edits retire the other kind', () => {
    const de = { key: 'country', value: 'DE' };
    expect(readsSegment(undefined, null)).toBe(true);
    expect(readsSegment(undefined, de)).toBe(false);
    expect(readsSegment({}, null)).toBe(false);
    expect(readsSegment({}, de)).toBe(true);
    expect(readsSegment({ key: 'country' }, de)).toBe(true);
    expect(readsSegment({ key: 'channel' }, de)).toBe(false);
    const scoped = rule({ condition: { kind: 'dataset_drift_share' }, segments: { key: 'country' } });
    const alert = { window: '1h', modelId: 'm', feature: null, segment: de };
    expect(stillApplies(scoped, alert, {})).toBe(true);
    expect(stillApplies({ ...scoped, segments: undefined }, alert, {})).toBe(false);
    expect(stillApplies({ ...scoped, segments: { key: 'channel' } }, alert, {})).toBe(false);
    expect(stillApplies(scoped, { ...alert, segment: null }, {})).toBe(false);
  });

  it('a malformed segment key is refused, naming the field', () => {
    const parsed = ruleSpecSchema.safeParse({ ...minimal, segments: { key: 'country code' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['segments', 'key']);
    expect(ruleSpecSchema.parse({ ...minimal, segments: {} }).segments).toEqual({});
  });
});
