// deploy/prometheus/rules.yml: valid for Prometheus, unit-tested with promtool, on the metric names
// the service exports.
import { describe, expect, it } from 'vitest';
import { parseSingleYaml, readRepoFile } from '../../helpers/deploy-files.js';
import { promtool } from '../../helpers/tools.js';

const RULES = 'deploy/prometheus/rules.yml';

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; labels: { severity: string } }[] }[];
}

describe(RULES, () => {
  it('passes promtool check rules', async () => {
    expect(await promtool('check', 'rules', RULES)).toMatch(/SUCCESS: 8 rules found/);
  });

  it('passes its unit tests (promtool test rules deploy/prometheus/rules.test.yml)', async () => {
    // Each test in rules.test.yml checks one rule: silent before its `for`, firing once after,
    // once for all replicas, with the labels and annotations written out.
    expect(await promtool('test', 'rules', 'deploy/prometheus/rules.test.yml')).toMatch(/SUCCESS/);
  });

  it('covers drift, silent models, stale evaluations, fold lag, queue backlog, failed notifications, quarantine and tile upkeep, each tested', () => {
    const rules = parseSingleYaml<RuleFile>(RULES).groups.flatMap((g) => g.rules);
    const metrics = [
      'modelwatch_dataset_drift_share',
      'modelwatch_model_status',
      'modelwatch_evaluation_timestamp_seconds',
      'modelwatch_fold_lag_seconds',
      'modelwatch_queue_jobs',
      'modelwatch_notifications_total',
      'modelwatch_quarantined_summaries_total',
      'modelwatch_tile_upkeep_failures_total',
    ];
    for (const metric of metrics)
      expect(
        rules.some((r) => r.expr.includes(metric)),
        metric,
      ).toBe(true);
    const tests = readRepoFile('deploy/prometheus/rules.test.yml');
    for (const rule of rules) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(tests, `a test of ${rule.alert}`).toContain(`alertname: ${rule.alert}\n`);
    }
  });
});
