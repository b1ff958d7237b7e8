import { get } from '../api/http.js';
import type { Model, ModelVersion, Page, SegmentResult, SegmentResults } from '../api/types.js';
import { ErrorNote, Loading, StatusBadge } from '../components/status.js';
import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { ago, count, num, pct, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { choiceKey, type WindowChoice } from './window-choice.js';

const modelPath = (id: string) => `/v1/models/${encodeURIComponent(id)}`;

/**
 * Each declared segment key's values side by side, worst first as the API orders them (by
 * status, then by the strongest drift): a shift in one market shows here before it moves the
 * whole model's numbers.
 */
export function ModelSegments({ model, choice }: { model: Model; choice: WindowChoice }) {
  const keys = (model.segments ?? []).map((s) => s.key);
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="segments">
      <h2 id="segments" tabIndex={-1}>
        Segments
      </h2>
      {keys.map((key) => (
        <SegmentTable key={key} modelId={model.id} segmentKey={key} choice={choice} />
      ))}
    </section>
  );
}

function SegmentTable({
  modelId,
  segmentKey,
  choice,
}: {
  modelId: string;
  segmentKey: string;
  choice: WindowChoice;
}) {
  const { data, error } = useFetch(
    `segments:${modelId}:${segmentKey}:${choiceKey(choice)}`,
    () => get<SegmentResults>(`${modelPath(modelId)}/segments`, { key: segmentKey, ...choice }),
    30_000,
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what={`segment ${segmentKey}`} />;
  return (
    <TableWrap label={`Segment ${segmentKey}`}>
      <table class="segments">
        <caption>
          {segmentKey}, worst first{data.to ? ` · window to ${time(data.to)}` : ''}
          {data.quiet.length > 0 ? ` · no events: ${data.quiet.join(', ')}` : ''}
        </caption>
        <ColumnHeads names={['Value', 'Status', 'Events', 'Strongest drift', 'Missing', 'Headline metric']} />
        <tbody>
          {data.items.length === 0 && (
            <tr>
              <td colSpan={6}>No evaluated values yet.</td>
            </tr>
          )}
          {data.items.map((item) => (
            <SegmentRow key={item.value} item={item} />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function SegmentRow({ item }: { item: SegmentResult }) {
  const drift = item.strongestDrift;
  const headline = item.headline;
  const metric = headline
    ? headline.judgedOn === 'estimated'
      ? headline.estimated
      : headline.realized
    : null;
  return (
    <tr>
      <th scope="row">{item.value}</th>
      <td>
        <StatusBadge status={item.status} />
      </td>
      <td class="num">{count(item.events)}</td>
      <td>{drift ? `${drift.name} (${drift.method} ${num(drift.statistic)})` : '—'}</td>
      <td class="num">{pct(item.missingShare)}</td>
      <td class="num">{headline && metric !== null ? `${headline.metric} ${num(metric)}` : '—'}</td>
    </tr>
  );
}

/** The model versions seen in traffic, newest sighting first, those live marked. */
export function ModelVersions({ modelId }: { modelId: string }) {
  const { data, error } = useFetch(`versions:${modelId}`, () =>
    get<Page<ModelVersion>>(`${modelPath(modelId)}/versions`, { limit: 20 }),
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="versions" />;
  if (data.items.length === 0) return null;
  return (
    <section aria-labelledby="versions">
      <h2 id="versions" tabIndex={-1}>
        Versions
      </h2>
      <TableWrap label="Model versions">
        <table class="versions">
          <caption>Versions seen in traffic, latest first</caption>
          <ColumnHeads names={['Version', 'Live', 'First seen', 'Last seen', 'Predictions']} />
          <tbody>
            {data.items.map((v) => (
              <tr key={v.version}>
                <th scope="row">{v.version}</th>
                <td>{v.live ? 'live' : '—'}</td>
                <td title={time(v.firstSeen)}>{ago(v.firstSeen)}</td>
                <td title={time(v.lastSeen)}>{ago(v.lastSeen)}</td>
                <td class="num">{count(v.predictions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
