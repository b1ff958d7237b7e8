import { ApiError, get } from '../api/http.js';
import type { AlertDetail, AlertValues } from '../api/types.js';
import { COLORS, TimeChart } from '../components/charts.js';
import { Loading } from '../components/status.js';
import { seconds } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';

/** What the alert's rule read from each stored evaluation of its window (null once the rule is gone). */
async function loadSeries(alert: AlertDetail): Promise<AlertValues | null> {
  return get<AlertValues>(`/v1/alerts/${encodeURIComponent(alert.id)}/values`, { limit: 500 }).catch(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 409) return null;
      throw err;
    },
  );
}

/** The alert's value over the evaluations of its window, as its rule read it, against its threshold. */
export function AlertValue({ alert }: { alert: AlertDetail }) {
  const { data, loading } = useFetch(`alert-value:${alert.id}`, () => loadSeries(alert), 30_000);
  if (loading) return <Loading what="the value over time" />;
  if (data && data.points.length > 0) {
    const kind = data.condition.replaceAll('_', ' ');
    const x = data.points.map((p) => seconds(p.windowEnd));
    return (
      <TimeChart
        x={x}
        label={`${kind} in each evaluation of the ${alert.window} window, breaching when ${data.comparator} ${data.threshold}`}
        lines={[
          { label: kind, values: data.points.map((p) => p.value), color: COLORS.current },
          { label: 'threshold', values: x.map(() => data.threshold), color: COLORS.threshold, dash: true },
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
