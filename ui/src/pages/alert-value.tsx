import { get } from '../api/http.js';
import type { AlertDetail, EvaluationPoint, Page } from '../api/types.js';
import { COLORS, TimeChart } from '../components/charts.js';
import { Loading } from '../components/status.js';
import { seconds } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';

type Read = (p: EvaluationPoint) => number | null;

/** The evaluation field a rule's condition reads, where one holds it; else the transitions' values. */
const BY_KIND: Record<string, Read> = {
  dataset_drift_share: (p) => p.datasetDriftShare,
  label_coverage: (p) => p.labelCoverage,
  volume_drop: (p) => p.volume.ratio,
  performance: (p) => p.headline?.realized ?? p.headline?.estimated ?? null,
};

async function loadSeries(alert: AlertDetail) {
  const rule = await get<{ condition: { kind: string } }>(
    `/v1/alert-rules/${encodeURIComponent(alert.ruleId)}`,
  ).catch(() => null);
  const read = rule ? BY_KIND[rule.condition.kind] : undefined;
  if (!read) return null;
  const page = await get<Page<EvaluationPoint>>(`/v1/models/${encodeURIComponent(alert.model)}/evaluations`, {
    window: alert.window,
    limit: 500,
  });
  const points = page.items.slice().reverse();
  return { kind: rule!.condition.kind, x: points.map((p) => seconds(p.window.to)), y: points.map(read) };
}

/** A model-level alert's value over the window's evaluations, against its threshold. */
export function AlertValue({ alert }: { alert: AlertDetail }) {
  const { data, loading } = useFetch(`alert-value:${alert.id}`, () => loadSeries(alert), 30_000);
  if (loading) return <Loading what="the value over time" />;
  if (data) {
    return (
      <TimeChart
        x={data.x}
        label={`${data.kind.replaceAll('_', ' ')} in each evaluation of the ${alert.window} window, with the threshold ${alert.threshold}`}
        lines={[
          { label: data.kind.replaceAll('_', ' '), values: data.y, color: COLORS.current },
          {
            label: 'threshold',
            values: data.x.map(() => alert.threshold),
            color: COLORS.threshold,
            dash: true,
          },
        ]}
      />
    );
  }
  const points = alert.transitions.filter((t) => t.value !== null).reverse();
  if (points.length === 0) return <p>No values recorded yet.</p>;
  return (
    <TimeChart
      x={points.map((t) => seconds(t.at))}
      label={`Value of the alert at each change of state, with its threshold ${alert.threshold}`}
      lines={[
        {
          label: 'value at each change of state',
          values: points.map((t) => t.value),
          color: COLORS.current,
          steps: true,
        },
        {
          label: 'threshold',
          values: points.map(() => alert.threshold),
          color: COLORS.threshold,
          dash: true,
        },
      ]}
    />
  );
}
