// Reads the provisioned Grafana dashboards under deploy/grafana/dashboards/ for
// tests/unit/deploy/grafana.test.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRepoFile, ROOT } from './deploy-files.js';
import { variableQueryParts } from './promql.js';

export const DASHBOARDS_DIR = 'deploy/grafana/dashboards';

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  datasource?: DatasourceRef;
  targets?: { refId: string; expr?: string; datasource?: DatasourceRef }[];
  /** A collapsed row keeps its panels here. */
  panels?: GrafanaPanel[];
  repeat?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
}

export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: DatasourceRef;
  multi?: boolean;
  includeAll?: boolean;
}

export interface GrafanaDashboard {
  file: string;
  uid: string;
  title: string;
  schemaVersion: number;
  tags?: string[];
  templating?: { list: GrafanaVariable[] };
  panels: GrafanaPanel[];
}

/** Every dashboard JSON file, parsed (JSON.parse throws on a malformed file, naming it). */
export function grafanaDashboards(): GrafanaDashboard[] {
  return readdirSync(join(ROOT, DASHBOARDS_DIR))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = `${DASHBOARDS_DIR}/${name}`;
      try {
        return { ...(JSON.parse(readRepoFile(file)) as Omit<GrafanaDashboard, 'file'>), file };
      } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
      }
    });
}

/** Every panel, those inside collapsed rows included. */
export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export function variables(dashboard: GrafanaDashboard): GrafanaVariable[] {
  return dashboard.templating?.list ?? [];
}

export interface DashboardQuery {
  /** Where it is, for failure messages: the panel or variable and the target. */
  where: string;
  /** The same as a name part: panel_<id>_<refId> or var_<name>. */
  key: string;
  expr: string;
  /** For label_values(expr, label): the label the variable lists. */
  label?: string;
}

/** The PromQL of every panel target and every query variable. */
export function dashboardQueries(dashboard: GrafanaDashboard): DashboardQuery[] {
  const fromPanels = allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).flatMap((target) =>
      target.expr
        ? [
            {
              where: `panel ${panel.id} "${panel.title}" ${target.refId}`,
              key: `panel_${panel.id}_${target.refId}`,
              expr: target.expr,
            },
          ]
        : [],
    ),
  );
  const fromVariables = variables(dashboard)
    .filter((variable) => variable.type === 'query')
    .flatMap((variable) => {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const { expr, label } = variableQueryParts(query);
      const where = `variable ${variable.name}`;
      return expr ? [{ where, key: `var_${variable.name}`, expr, ...(label ? { label } : {}) }] : [];
    });
  return [...fromPanels, ...fromVariables];
}
