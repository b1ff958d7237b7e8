import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { Link } from 'wouter-preact';
import { get } from '../api/http.js';
import type { DriftResult, FeatureDrift } from '../api/types.js';
import { ErrorNote, Loading, Verdict } from '../components/status.js';
import { num, pct, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { worstFirst } from './drift-order.js';
import { LazySparkline } from './sparkline-cell.js';
import { choiceKey, choiceToSearch, type WindowChoice } from './window-choice.js';

/** Every feature's drift in the window, worst first, with its statistic over time. */
export function FeatureTable({ modelId, choice }: { modelId: string; choice: WindowChoice }) {
  const { data, error } = useFetch(
    `drift:${modelId}:${choiceKey(choice)}`,
    () => get<DriftResult>(`/v1/models/${encodeURIComponent(modelId)}/drift`, { ...choice }),
    30_000,
  );
  return (
    <section aria-labelledby="features">
      <h2 id="features" tabIndex={-1}>
        Feature drift
      </h2>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="drift" />
      ) : (
        <>
          <p>
            Window {time(data.window.from)} – {time(data.window.to)} · {data.window.events} events · reference
            v{data.reference.version} · {data.datasetDrift.driftedFeatures} of{' '}
            {data.datasetDrift.evaluatedFeatures} features drifted (share {pct(data.datasetDrift.share)},
            dataset drift at {pct(data.datasetDrift.threshold)})
          </p>
          <DriftTable
            modelId={modelId}
            choice={choice}
            rows={worstFirst(data.features)}
            caption="Input features, worst first"
            link
          />
          <DriftTable
            modelId={modelId}
            choice={choice}
            rows={[data.prediction, data.score].filter((f): f is FeatureDrift => f !== null)}
            caption="Prediction and score drift"
          />
        </>
      )}
    </section>
  );
}

function DriftTable({
  modelId,
  choice,
  rows,
  caption,
  link = false,
}: {
  modelId: string;
  choice: WindowChoice;
  rows: FeatureDrift[];
  caption: string;
  link?: boolean;
}) {
  return (
    <TableWrap label="Input features">
      <table class="features">
        <caption>{caption}</caption>
        <ColumnHeads
          names={['Feature', 'Method', 'Statistic', 'p-value', 'Threshold', 'Verdict', 'Over time']}
        />
        <tbody>
          {rows.map((f) => (
            <tr key={f.name}>
              <th scope="row">
                {link ? (
                  <Link
                    href={`/models/${encodeURIComponent(modelId)}/features/${encodeURIComponent(f.name)}${choiceToSearch(choice)}`}
                  >
                    {f.name}
                  </Link>
                ) : (
                  f.name
                )}
              </th>
              <td>{f.method}</td>
              <td class="num">{num(f.statistic)}</td>
              <td class="num">{num(f.pValue)}</td>
              <td class="num">{num(f.threshold)}</td>
              <td>
                <Verdict drifted={f.drifted} status={f.status} />
              </td>
              <td class="spark">
                {link ? <LazySparkline modelId={modelId} feature={f.name} choice={choice} /> : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
