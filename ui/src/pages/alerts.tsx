import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { getAll } from '../api/http.js';
import type { Alert } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { ago, num, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { AlertState } from './alert-state.js';

const STATES = ['firing', 'pending', 'resolved'] as const;

/** Firing, pending and resolved alerts, newest first; refreshed every 15 s. */
export function AlertsPage() {
  const [state, setState] = useState<(typeof STATES)[number]>('firing');
  const { data, error } = useFetch(
    `alerts:${state}`,
    () => getAll<Alert>('/v1/alerts', { state }, 200),
    15_000,
  );
  return (
    <>
      <h1>Alerts</h1>
      <div role="group" aria-label="Alert state" class="tabs">
        {STATES.map((s) => (
          <button key={s} type="button" aria-pressed={s === state} onClick={() => setState(s)}>
            {s}
          </button>
        ))}
      </div>
      <section aria-label={`${state} alerts`}>
        {error && <ErrorNote error={error} />}
        {!data ? (
          <Loading what="alerts" />
        ) : data.length === 0 ? (
          <p>No {state} alerts.</p>
        ) : (
          <AlertTable alerts={data} />
        )}
      </section>
    </>
  );
}

function AlertTable({ alerts }: { alerts: Alert[] }) {
  return (
    <TableWrap label="Alerts">
      <table>
        <ColumnHeads
          names={[
            'Alert',
            'Model',
            'Feature',
            'State',
            'Severity',
            'Value / threshold',
            'Since',
            'Acknowledged',
          ]}
        />
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <Link href={`/alerts/${encodeURIComponent(a.id)}`}>{a.labels.alertname ?? a.ruleId}</Link>
              </th>
              <td>
                <Link href={`/models/${encodeURIComponent(a.model)}`}>{a.model}</Link>
                {a.segment && ` · ${a.segment.key}:${a.segment.value}`}
              </td>
              <td>{a.feature ?? '—'}</td>
              <td>
                <AlertState alert={a} />
              </td>
              <td>{a.severity}</td>
              <td class="num">
                {num(a.value)} / {num(a.threshold)}
              </td>
              <td title={time(a.firedAt ?? a.pendingSince)}>
                {ago(a.firedAt ?? a.pendingSince ?? a.resolvedAt)}
              </td>
              <td>{a.acknowledgement ? `by ${a.acknowledgement.by}` : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
