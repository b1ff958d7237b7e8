import { TableWrap } from '../components/table-wrap.js';
import { useMemo, useState } from 'preact/hooks';
import { fleetPages } from '../api/fleet.js';
import { getAll } from '../api/http.js';
import type { Fleet, Model } from '../api/types.js';
import { ErrorNote, Loading, StatusBadge } from '../components/status.js';
import { ago, num, pct, time } from '../lib/format.js';
import { consoleHref } from '../lib/plain-links.js';
import { useFetch } from '../lib/use-fetch.js';
import { FleetFilters, SortHeader } from './fleet-controls.js';
import { EMPTY_QUERY, fleetView, joinFleet, type FleetRow } from './fleet-view.js';

/** `1,204 (98% of expected)`, or the count alone when nothing was expected. */
function volume(v: NonNullable<FleetRow['volume']>): string {
  const events = v.events.toLocaleString('en-US');
  return v.ratio === null ? events : `${events} (${pct(v.ratio)} of expected)`;
}

const REFRESH_MS = 30_000;

async function loadFleet() {
  const [fleet, inventory] = await Promise.all([fleetPages(), getAll<Model>('/v1/models')]);
  return { fleet, rows: joinFleet(fleet.models, inventory) };
}

/** Every model the session may see, with the fleet's KPIs; refreshed every 30 s. */
export function FleetPage() {
  const { data, error } = useFetch('fleet', loadFleet, REFRESH_MS);
  const [query, setQuery] = useState(EMPTY_QUERY);
  const rows = useMemo(() => (data ? fleetView([...data.rows], query) : []), [data, query]);

  return (
    <>
      <h1>Fleet</h1>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="the fleet" />
      ) : (
        <>
          <Kpis fleet={data.fleet} />
          <FleetFilters rows={data.rows} query={query} onChange={setQuery} />
          <p class="muted" aria-live="polite">
            {rows.length} of {data.rows.length} models · status of the {data.fleet.statusWindow} window ·
            updated {time(data.fleet.generatedAt)}
          </p>
          <FleetTable rows={rows} query={query} onSort={setQuery} />
        </>
      )}
    </>
  );
}

function Kpis({ fleet }: { fleet: Fleet }) {
  const { kpis } = fleet;
  const items: [string, string][] = [
    ['models', String(kpis.models)],
    ['healthy', pct(kpis.healthyShare)],
    ['with outcomes in 7 days', pct(kpis.withOutcomesLast7DaysShare)],
    ['drifting', String(kpis.byStatus.drifting)],
    ['degraded', String(kpis.byStatus.degraded)],
    ['silent', String(kpis.silent)],
    [
      'functioning',
      `${kpis.functioning.yes} yes · ${kpis.functioning.no} no · ${kpis.functioning.unknown} unknown`,
    ],
  ];
  return (
    <section aria-label="Fleet KPIs">
      <dl class="kpis">
        {items.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function FleetTable({
  rows,
  query,
  onSort,
}: {
  rows: FleetRow[];
  query: typeof EMPTY_QUERY;
  onSort: (q: typeof EMPTY_QUERY) => void;
}) {
  const header = (key: typeof query.sort, text: string) => (
    <SortHeader sortKey={key} text={text} query={query} onSort={onSort} />
  );
  return (
    <TableWrap label="Models">
      <table class="fleet">
        <caption class="sr-only">Models, worst status first unless sorted otherwise</caption>
        <thead>
          <tr>
            {header('id', 'Model')}
            {header('status', 'Status')}
            <th scope="col">Why</th>
            {header('lastEventAt', 'Last event')}
            {header('driftedFeatures', 'Drifted features')}
            {header('headline', 'Headline metric')}
            {header('labelCoverage', 'Label coverage')}
            {header('events', 'Volume')}
            <th scope="col">Owner</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <a data-plain href={consoleHref(`/models/${encodeURIComponent(row.id)}`)}>
                  {row.id}
                </a>
                {row.name !== row.id && <div class="muted small">{row.name}</div>}
                {row.liveVersions.length > 0 && (
                  <div class="muted small" title="model versions seen in the status window">
                    {row.liveVersions.length > 1 ? 'versions ' : 'version '}
                    {row.liveVersions.join(', ')}
                  </div>
                )}
              </th>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td class="reason">
                {row.statusReason}
                {row.worstSegments.length > 0 && (
                  <div class="muted small">
                    worst segments:{' '}
                    {row.worstSegments.map((w) => `${w.segment} (${w.status.replace('_', ' ')})`).join(', ')}
                  </div>
                )}
              </td>
              <td title={time(row.lastEventAt)}>{ago(row.lastEventAt)}</td>
              <td class="num">{row.driftedFeatures ?? '—'}</td>
              <td class="num">
                {row.performance
                  ? `${row.performance.metric} ${num(row.performance.realized)} · est. ${num(row.performance.estimated)}`
                  : '—'}
              </td>
              <td class="num">{pct(row.labelCoverage)}</td>
              <td
                class="num"
                title={row.volume?.basis ? `expected from the ${row.volume.basis.replace('_', ' ')}` : ''}
              >
                {row.volume ? volume(row.volume) : '—'}
              </td>
              <td>{row.owner ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
