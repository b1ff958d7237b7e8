import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { get } from '../api/http.js';
import type { EvaluationPoint, Page } from '../api/types.js';
import { COLORS, StateChart, TimeChart } from '../components/charts.js';
import { ErrorNote, Loading, StatusBadge } from '../components/status.js';
import { count, num, pct, seconds, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { choiceKey, latestPerWindow, type WindowChoice } from './window-choice.js';

/** The latest evaluation of every configured window, side by side. */
export function LatestPerWindow({ modelId }: { modelId: string }) {
  const { data, error } = useFetch(`latest:${modelId}`, () => latestPerWindow(modelId), 30_000);
  return (
    <section aria-labelledby="latest-h">
      <h2 id="latest-h">Latest evaluation per window</h2>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="the latest evaluations" />
      ) : (
        <TableWrap label="Latest evaluation per window">
          <table>
            <ColumnHeads
              names={[
                'Window',
                'Status',
                'Why',
                'Window end',
                'Drifted',
                'Headline (realized / estimated)',
                'Label coverage',
                'Events / expected',
              ]}
            />
            <tbody>
              {data.map(({ window, latest: e }) => (
                <tr key={window}>
                  <th scope="row">{window}</th>
                  {e ? (
                    <>
                      <td>
                        <StatusBadge status={e.status} />
                      </td>
                      <td class="reason">{e.statusReason}</td>
                      <td>{time(e.window.to)}</td>
                      <td class="num">{e.driftedFeatures ?? '—'}</td>
                      <td class="num">
                        {e.headline
                          ? `${e.headline.metric} ${num(e.headline.realized)} / ${num(e.headline.estimated)}`
                          : '—'}
                      </td>
                      <td class="num">{pct(e.labelCoverage)}</td>
                      <td class="num">
                        {count(e.volume.events)} / {count(e.volume.expected)}
                      </td>
                    </>
                  ) : (
                    <td colSpan={7}>not evaluated yet</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

/** The status chart's rows, bottom to top: not judged, healthy, then the problems, worst at the top. */
const STATES = ['unknown', 'insufficient_data', 'healthy', 'silent', 'drifting', 'degraded'] as const;

async function loadSeries(modelId: string, choice: WindowChoice) {
  const page = await get<Page<EvaluationPoint>>(`/v1/models/${encodeURIComponent(modelId)}/evaluations`, {
    ...choice,
    limit: 500,
  });
  return page.items.slice().reverse();
}

/** Status, drift, performance (realized vs estimated, with label coverage) and volume over time. */
export function ModelOverTime({ modelId, choice }: { modelId: string; choice: WindowChoice }) {
  const { data, error } = useFetch(
    `series:${modelId}:${choiceKey(choice)}`,
    () => loadSeries(modelId, choice),
    30_000,
  );
  return (
    <section aria-labelledby="over-time">
      <h2 id="over-time" tabIndex={-1}>
        Over time{' '}
        {choice.window ? `(${choice.window} window)` : choice.from ? '(custom range)' : '(status window)'}
      </h2>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="evaluations" />
      ) : data.length === 0 ? (
        <p>No evaluations in this window or range yet.</p>
      ) : (
        <Charts points={data} />
      )}
    </section>
  );
}

function Charts({ points }: { points: EvaluationPoint[] }) {
  const x = points.map((p) => seconds(p.window.to));
  const changes = points.filter((p, i) => i === 0 || points[i - 1]!.status !== p.status);
  const metric = points.find((p) => p.headline)?.headline?.metric ?? 'headline';
  return (
    <div class="grid">
      <figure>
        <figcaption>Status over time, and its changes</figcaption>
        <StateChart
          x={x}
          levels={points.map((p) => STATES.indexOf(p.status))}
          names={STATES.map((s) => s.replace('_', ' '))}
          label="The model's status at each evaluation of the window; its changes are listed below"
        />
        <ol class="changes">
          {changes.slice(-12).map((p) => (
            <li key={p.evaluatedAt}>
              {time(p.window.to)} <StatusBadge status={p.status} />{' '}
              <span class="muted small">{p.statusReason}</span>
            </li>
          ))}
        </ol>
      </figure>
      <figure>
        <figcaption>Dataset drift: share of drifted features</figcaption>
        <TimeChart
          x={x}
          label="Share of drifted features over time"
          lines={[
            { label: 'drift share', values: points.map((p) => p.datasetDriftShare), color: COLORS.current },
          ]}
        />
      </figure>
      <figure>
        <figcaption>Performance: {metric} realized vs estimated, and label coverage</figcaption>
        <TimeChart
          x={x}
          label={`${metric} realized and estimated, and label coverage, over time`}
          lines={[
            {
              label: 'realized',
              values: points.map((p) => p.headline?.realized ?? null),
              color: COLORS.current,
            },
            {
              label: 'estimated (CBPE)',
              values: points.map((p) => p.headline?.estimated ?? null),
              color: COLORS.reference,
              dash: true,
            },
            {
              label: 'reference',
              values: points.map((p) => p.headline?.reference ?? null),
              color: COLORS.second,
              dash: true,
            },
            {
              label: 'label coverage',
              values: points.map((p) => p.labelCoverage),
              color: COLORS.third,
              scale: 'share',
            },
          ]}
        />
      </figure>
      <figure>
        <figcaption>Volume: events vs expected</figcaption>
        <TimeChart
          x={x}
          label="Events in each window and the events expected"
          lines={[
            { label: 'events', values: points.map((p) => p.volume.events), color: COLORS.current },
            {
              label: 'expected',
              values: points.map((p) => p.volume.expected),
              color: COLORS.reference,
              dash: true,
            },
          ]}
        />
      </figure>
    </div>
  );
}
