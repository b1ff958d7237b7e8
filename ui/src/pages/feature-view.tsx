import { get } from '../api/http.js';
import type {
  CategoricalDistribution,
  Distribution,
  NumericalDistribution,
  StatisticSeries,
} from '../api/types.js';
import { COLORS, OverlaidBars, TimeChart } from '../components/charts.js';
import { ErrorNote, Loading } from '../components/status.js';
import { count, num, pct, seconds } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { statisticPath } from './sparkline-cell.js';
import { choiceKey, type WindowChoice } from './window-choice.js';

const share = (values: number[]) => {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (total > 0 ? v / total : 0));
};

/** A feature's reference and window distributions overlaid, and its statistic over time. */
export function FeatureView({
  modelId,
  feature,
  choice,
}: {
  modelId: string;
  feature: string;
  choice: WindowChoice;
}) {
  const base = `/v1/models/${encodeURIComponent(modelId)}/features/${encodeURIComponent(feature)}`;
  const key = `${modelId}:${feature}:${choiceKey(choice)}`;
  const distribution = useFetch(`dist:${key}`, () =>
    get<Distribution>(`${base}/distribution`, { ...choice }),
  );
  const statistic = useFetch(`stat:${key}`, () =>
    get<StatisticSeries>(statisticPath(modelId, feature), { ...choice, limit: 200 }),
  );
  return (
    <div class="grid">
      <figure class="distribution">
        <figcaption>Distribution of {feature}: reference vs current window</figcaption>
        {distribution.error ? (
          <ErrorNote error={distribution.error} />
        ) : !distribution.data ? (
          <Loading what="the distributions" />
        ) : distribution.data.type === 'numerical' ? (
          <Numerical d={distribution.data} />
        ) : (
          <Categorical d={distribution.data} />
        )}
      </figure>
      <figure>
        <figcaption>Statistic of {feature} over time, against its threshold</figcaption>
        {statistic.error ? (
          <ErrorNote error={statistic.error} />
        ) : !statistic.data ? (
          <Loading what="the statistic over time" />
        ) : (
          <StatisticChart series={statistic.data} />
        )}
      </figure>
    </div>
  );
}

function Numerical({ d }: { d: NumericalDistribution }) {
  if (!d.bins) return <p>Neither the reference nor the window has a value of {d.feature}.</p>;
  const { edges } = d.bins;
  const names = d.bins.reference.map((_, i) => `${num(edges[i], 2)}–${num(edges[i + 1], 2)}`);
  return (
    <>
      <OverlaidBars
        names={names}
        reference={share(d.bins.reference)}
        current={share(d.bins.current)}
        label={`Histogram of ${d.feature}: reference (${d.reference.count} values) and current window (${d.current.count} values) over the same bins`}
      />
      <p class="small muted">
        Reference {count(d.reference.count)} values ({count(d.reference.missing)} missing) · current{' '}
        {count(d.current.count)} ({count(d.current.missing)} missing)
      </p>
    </>
  );
}

function Categorical({ d }: { d: CategoricalDistribution }) {
  const rows = [...d.categories, { value: 'other', ...d.other, unseen: false }];
  const names = rows.map((c) => (c.unseen ? `${c.value} (unseen)` : c.value));
  const reference = share(rows.map((c) => c.reference));
  const current = share(rows.map((c) => c.current));
  return (
    <>
      <OverlaidBars
        names={names}
        reference={reference}
        current={current}
        label={`Share of each category of ${d.feature}, reference and current window`}
      />
      <table class="small">
        <caption>Categories of {d.feature}; unseen: absent from the reference</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Reference</th>
            <th scope="col">Current</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={c.value} class={c.unseen ? 'unseen' : undefined}>
              <th scope="row">
                {c.value}
                {c.unseen && <strong> (unseen)</strong>}
              </th>
              <td class="num">{pct(reference[i])}</td>
              <td class="num">{pct(current[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function StatisticChart({ series }: { series: StatisticSeries }) {
  if (series.points.length === 0) return <p>No evaluations in this window or range yet.</p>;
  const x = series.points.map((p) => seconds(p.windowEnd));
  return (
    <TimeChart
      x={x}
      label={`${series.method ?? 'the'} statistic of ${series.feature} over time, with its threshold`}
      lines={[
        {
          label: series.method ?? 'statistic',
          values: series.points.map((p) => p.statistic),
          color: COLORS.current,
        },
        {
          label: 'threshold',
          values: series.points.map((p) => p.threshold),
          color: COLORS.threshold,
          dash: true,
        },
      ]}
    />
  );
}
