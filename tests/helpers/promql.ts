// Reads the names a PromQL expression refers to, for checking dashboards and rules against the
// metric catalogue. Not a parser: promtool checks the syntax (see promtool.ts); this only needs
// to find metric names, the labels matched on each, and the labels grouped by.

/** A metric selector: `name{label="…", …}`, with the label names it matches on. */
export interface Selector {
  metric: string;
  labels: string[];
}

export interface PromqlReferences {
  selectors: Selector[];
  /** Selectors with matchers only (`{__name__=~"…"}`), whose metrics cannot be told. */
  unnamed: number;
  /** Labels named in by, without, on, ignoring, group_left and group_right. */
  grouping: string[];
}

// Grouping keywords too: group_left and group_right may stand without a label list.
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
// Strings first: label values and regexes (and Grafana variables inside them) can look like names.
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
// A name not inside a number (1e3) or a variable ($model), with its matchers, and whether a call
// follows (then it is a function or an aggregation).
const NAME = /(?<![\w:.$])([a-zA-Z_:][\w:]*)\s*(\{[^}]*\})?(\s*\()?/g;
const MATCHER = /([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g;

export function promqlReferences(expr: string): PromqlReferences {
  const grouping: string[] = [];
  const bare = expr
    .replace(STRING, '""')
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery durations
    .replace(/\boffset\s+-?[\w$]+/g, ' ')
    .replace(GROUPING, (_match, list: string) => {
      grouping.push(
        ...list
          .split(',')
          .map((label) => label.trim())
          .filter(Boolean),
      );
      return ' ';
    });
  const selectors: Selector[] = [];
  for (const [, metric = '', matchers, call] of bare.matchAll(NAME)) {
    if (call || KEYWORDS.has(metric)) continue;
    const labels = [...(matchers ?? '').matchAll(MATCHER)].map(([, label = '']) => label);
    selectors.push({ metric, labels });
  }
  const unnamed = [...bare.matchAll(/(?<![\w:]\s*)\{/g)].length;
  return { selectors, unnamed, grouping };
}

/**
 * A Grafana template-variable query for the Prometheus data source: `label_values(expr, label)`,
 * `label_values(label)` or `query_result(expr)`; the PromQL inside and the label it lists.
 */
export function variableQueryParts(query: string): { expr: string | null; label: string | null } {
  const labelValues = /^\s*label_values\(\s*(?:(.*),\s*)?([a-zA-Z_]\w*)\s*\)\s*$/s.exec(query);
  if (labelValues) return { expr: labelValues[1] ?? null, label: labelValues[2] ?? null };
  const queryResult = /^\s*query_result\((.*)\)\s*$/s.exec(query);
  if (queryResult) return { expr: queryResult[1] ?? null, label: null };
  throw new Error(`not a Prometheus variable query this check understands: ${query}`);
}

/** Grafana variables in a string: $name, ${name}, ${name:format} and [[name]]. */
export function grafanaVariables(text: string): string[] {
  const names = [...text.matchAll(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]/g)];
  return names.map(([, braced, plain, old]) => braced ?? plain ?? old ?? '');
}

/**
 * The expression as Prometheus would receive it: interval variables become a duration and every
 * other variable a plain value, so that promtool can check what is left.
 */
export function interpolateForPromtool(expr: string): string {
  return expr
    .replace(/\$\{__\w+(?::[^}]*)?\}|\$__\w+/g, '5m')
    .replace(/\$\{\w+(?::[^}]*)?\}|\$\w+|\[\[\w+\]\]/g, 'x');
}
