// deploy/grafana/: the provisioned data source and dashboards. Every query must name series that
// modelwatch exports (tests/helpers/metric-catalogue.ts), with labels they carry, and parse as
// PromQL (promtool); every dashboard must reach the provisioned Prometheus.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createMetrics } from '../../../src/lib/metrics.js';
import { parseSingleYaml } from '../../helpers/deploy-files.js';
import {
  allPanels,
  dashboardQueries,
  grafanaDashboards,
  variables,
  type DatasourceRef,
  type GrafanaDashboard,
} from '../../helpers/grafana-dashboards.js';
import {
  COMMON_LABELS,
  defaultProcessMetrics,
  MODELWATCH_METRICS,
  seriesNames,
  type MetricSpec,
} from '../../helpers/metric-catalogue.js';
import { grafanaVariables, interpolateForPromtool, promqlReferences } from '../../helpers/promql.js';
import { promtool } from '../../helpers/promtool.js';

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData?: { timeInterval?: string };
}

// Panels that need no plugin installed (Grafana 11 and later).
const BUILT_IN_PANELS = [
  'row',
  'stat',
  'timeseries',
  'table',
  'piechart',
  'bargauge',
  'gauge',
  'state-timeline',
];
const DATASOURCES = 'deploy/grafana/provisioning/datasources/prometheus.yml';
const [datasource, ...otherDatasources] = parseSingleYaml<{ datasources: Datasource[] }>(
  DATASOURCES,
).datasources;
const dashboards = grafanaDashboards();

/** Every series name a query may use, with the labels each carries. */
let series: Record<string, readonly string[]> = {};
beforeAll(async () => {
  const all: Record<string, MetricSpec> = { ...(await defaultProcessMetrics()), ...MODELWATCH_METRICS };
  series = Object.assign({}, ...Object.entries(all).map(([name, spec]) => seriesNames(name, spec)));
});

/** Problems with one query: unknown series, and labels that none of its series carries. */
function catalogueProblems(expr: string, label?: string): string[] {
  const { selectors, unnamed, grouping } = promqlReferences(expr);
  const problems: string[] = [];
  const carried = new Set(COMMON_LABELS);
  if (selectors.length === 0) problems.push('selects no metric');
  if (unnamed > 0) problems.push('has a selector without a metric name');
  for (const { metric, labels } of selectors) {
    const known = series[metric];
    if (!known) {
      problems.push(`unknown series ${metric}`);
      continue;
    }
    known.forEach((l) => carried.add(l));
    const missing = labels.filter((l) => !known.includes(l) && !COMMON_LABELS.includes(l));
    if (missing.length > 0) problems.push(`${metric} has no label ${missing.join(', ')}`);
  }
  const extra = [...grouping, ...(label ? [label] : [])].filter((l) => !carried.has(l));
  if (extra.length > 0) problems.push(`groups or lists labels no selected series has: ${extra.join(', ')}`);
  return problems;
}

describe('the PromQL name reader these checks rely on', () => {
  it('finds metric names and their matchers, not functions, keywords, numbers, strings or variables', () => {
    const refs = promqlReferences(
      'histogram_quantile(0.99, sum by (route, le) (rate(a_bucket{x="b_c", y=~"$model"}[$__rate_interval]))) ' +
        '/ on (route) group_left b > 1e3 and bool c offset 5m',
    );
    expect(refs.selectors).toEqual([
      { metric: 'a_bucket', labels: ['x', 'y'] },
      { metric: 'b', labels: [] },
      { metric: 'c', labels: [] },
    ]);
    expect(refs.grouping).toEqual(['route', 'le', 'route']);
    expect(refs.unnamed).toBe(0);
    expect(promqlReferences('a + {__name__=~"modelwatch_.+"}').unnamed).toBe(1);
  });

  it('reports an unknown series, a label a series lacks, and a grouping label no series has', () => {
    expect(catalogueProblems('modelwatch_no_such_metric')).toEqual([
      'unknown series modelwatch_no_such_metric',
    ]);
    expect(catalogueProblems('modelwatch_model_status{feature="x"}')).toEqual([
      'modelwatch_model_status has no label feature',
    ]);
    expect(catalogueProblems('sum by (le) (modelwatch_fold_lag_seconds)')).toEqual([
      'unknown series modelwatch_fold_lag_seconds', // a histogram is read through its _bucket series
      'groups or lists labels no selected series has: le',
    ]);
    expect(catalogueProblems('max by (feature) (modelwatch_model_status)')).toHaveLength(1);
  });
});

describe('the metric catalogue', () => {
  it('agrees with the metrics src/lib/metrics.ts registers, in name and type', async () => {
    const defaults = await defaultProcessMetrics();
    const registered = await createMetrics('all').registry.getMetricsAsJSON();
    const ours = registered.filter((m) => !(m.name in defaults));
    expect(ours.length).toBeGreaterThan(0);
    for (const m of ours) expect(MODELWATCH_METRICS[m.name]?.type, m.name).toBe(String(m.type));
  });
});

describe(DATASOURCES, () => {
  it('provisions one Prometheus data source with a fixed uid, scraped at the interval Prometheus uses', () => {
    expect(otherDatasources).toEqual([]);
    expect(datasource?.type).toBe('prometheus');
    expect(datasource?.uid).toMatch(/^[\w-]{1,40}$/);
    const prometheus = parseSingleYaml<{ global: { scrape_interval: string } }>(
      'deploy/prometheus/prometheus.yml',
    );
    expect(datasource?.jsonData?.timeInterval).toBe(prometheus.global.scrape_interval);
  });
});

describe('deploy/grafana/dashboards', () => {
  it('holds the fleet, drift, performance and volume dashboards, each with its own uid', () => {
    const uids = dashboards.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids.sort()).toEqual([
      'modelwatch-drift',
      'modelwatch-fleet',
      'modelwatch-performance',
      'modelwatch-volume',
    ]);
  });

  it('links the dashboards to each other by their shared tag', () => {
    for (const d of dashboards) expect(d.tags, d.file).toContain('modelwatch');
  });
});

describe.each(dashboards.map((d) => [d.file, d] as [string, GrafanaDashboard]))('%s', (_file, dashboard) => {
  it('is a Grafana 11 dashboard (schema version 39) with a title and a uid Grafana accepts', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.title).toMatch(/^modelwatch \/ /);
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
  });

  it('gives every panel its own id and queries the provisioned data source everywhere', () => {
    const panels = allPanels(dashboard);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const refs: [string, DatasourceRef | undefined][] = [
      ...panels
        .filter((p) => p.type !== 'row')
        .flatMap((p) => [
          [`panel ${p.id}`, p.datasource] as [string, DatasourceRef | undefined],
          ...(p.targets ?? []).map(
            (t) => [`panel ${p.id} ${t.refId}`, t.datasource] as [string, DatasourceRef],
          ),
        ]),
      ...variables(dashboard)
        .filter((v) => v.type === 'query')
        .map((v) => [`variable ${v.name}`, v.datasource] as [string, DatasourceRef | undefined]),
    ];
    for (const [where, ref] of refs) expect(ref, where).toEqual({ type: 'prometheus', uid: datasource?.uid });
  });

  it('uses only panel types built into Grafana, each placed on the 24-column grid with a query', () => {
    for (const panel of allPanels(dashboard)) {
      expect(BUILT_IN_PANELS, `panel ${panel.id}`).toContain(panel.type);
      const { x = -1, w = 0, h = 0 } = panel.gridPos ?? {};
      expect(
        x >= 0 && w > 0 && h > 0 && x + w <= 24,
        `panel ${panel.id} at ${JSON.stringify(panel.gridPos)}`,
      ).toBe(true);
      if (panel.type !== 'row')
        expect(
          panel.targets?.some((t) => t.expr),
          `panel ${panel.id}`,
        ).toBe(true);
    }
  });

  it('queries only series modelwatch exports, with labels they carry', () => {
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(0);
    for (const { where, expr, label } of queries) expect(catalogueProblems(expr, label), where).toEqual([]);
  });

  it('defines every template variable it uses, and repeats only over multi-value variables', () => {
    const defined = new Map(variables(dashboard).map((v) => [v.name, v]));
    const used = allPanels(dashboard).flatMap((p) => [
      ...grafanaVariables(p.title),
      ...(p.targets ?? []).flatMap((t) => grafanaVariables(t.expr ?? '')),
    ]);
    for (const q of dashboardQueries(dashboard)) used.push(...grafanaVariables(q.expr));
    for (const name of used.filter((n) => !n.startsWith('__')))
      expect([...defined.keys()], name).toContain(name);
    for (const panel of allPanels(dashboard).filter((p) => p.repeat)) {
      const variable = defined.get(panel.repeat ?? '');
      expect(variable?.multi || variable?.includeAll, `panel ${panel.id} repeats over ${panel.repeat}`).toBe(
        true,
      );
    }
  });
});

describe('the per-model dashboards', () => {
  it.each(['modelwatch-drift', 'modelwatch-performance', 'modelwatch-volume'])(
    '%s chooses the model and the window with variables',
    (uid) => {
      const dashboard = dashboards.find((d) => d.uid === uid);
      expect(variables(dashboard!).map((v) => v.name)).toEqual(expect.arrayContaining(['model', 'window']));
    },
  );
});

describe('every dashboard query, checked by promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mw-dashboards-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses as PromQL once Grafana has filled in its variables', async () => {
    // Recording rules are the one place promtool checks arbitrary expressions offline; a failure
    // names the rule, dashboard:<uid>:panel_<id>_<refId> or dashboard:<uid>:var_<name>.
    const rules = dashboards.flatMap((d) =>
      dashboardQueries(d).map((q) => ({
        record: `dashboard:${d.uid.replaceAll('-', '_')}:${q.key}`,
        expr: interpolateForPromtool(q.expr),
      })),
    );
    const file = join(dir, 'dashboards.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
    const output = await promtool('check', 'rules', file);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
  });
});
