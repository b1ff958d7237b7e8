import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { Link, useParams } from 'wouter-preact';
import { get } from '../api/http.js';
import { isAdmin, useSession } from '../api/session.js';
import type { AlertDeliveries, AlertDetail } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { num, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { AcknowledgeForm } from './alert-ack.js';
import { AlertState } from './alert-state.js';
import { AlertValue } from './alert-value.js';
import { FeatureView } from './feature-view.js';
import { silenceLink } from './silence-form.js';

/** One alert: what fired, its value against the threshold, the feature, deliveries, ack and silence. */
export function AlertPage() {
  const { id } = useParams<{ id: string }>();
  const { session } = useSession();
  const path = `/v1/alerts/${encodeURIComponent(id)}`;
  const alert = useFetch(`alert:${id}`, () => get<AlertDetail>(path), 15_000);
  const deliveries = useFetch(`deliveries:${id}`, () => get<AlertDeliveries>(`${path}/deliveries`), 15_000);

  if (alert.error) return <ErrorNote error={alert.error} />;
  if (!alert.data) return <Loading what="the alert" />;
  const a = alert.data;
  const admin = isAdmin(session);
  return (
    <>
      <h1>
        {a.labels.alertname ?? a.ruleId} <AlertState alert={a} />
      </h1>
      <p>
        Model <Link href={`/models/${encodeURIComponent(a.model)}`}>{a.model}</Link>
        {a.segment ? ` · segment ${a.segment.key}:${a.segment.value}` : ''}
        {a.feature ? ` · feature ${a.feature}` : ''} · window {a.window} · severity {a.severity} · value{' '}
        {num(a.value)} against threshold {num(a.threshold)}
      </p>
      {a.annotations.summary && <p>{a.annotations.summary}</p>}
      <dl class="fields">
        <Field term="pending since" value={time(a.pendingSince)} />
        <Field term="firing since" value={time(a.firedAt)} />
        <Field term="drift started (estimated)" value={time(a.driftStartedAt)} />
        <Field term="resolved" value={time(a.resolvedAt)} />
        <Field term="episode" value={String(a.episode)} />
        <Field term="silenced by" value={a.silencedBy.join(', ') || 'no silence'} />
      </dl>
      <section aria-labelledby="respond">
        <h2 id="respond">Respond</h2>
        <AcknowledgeForm alert={a} onDone={alert.reload} />
        {admin ? (
          <Link class="button" href={silenceLink(a)}>
            Silence this alert…
          </Link>
        ) : (
          <p class="muted">Silencing needs an admin key.</p>
        )}
      </section>
      <section aria-labelledby="value">
        <h2 id="value">Value over time</h2>
        <AlertValue alert={a} />
        {a.feature && <FeatureView modelId={a.model} feature={a.feature} choice={{ window: a.window }} />}
      </section>
      <section aria-labelledby="deliveries">
        <h2 id="deliveries">Deliveries</h2>
        {deliveries.error && <ErrorNote error={deliveries.error} />}
        {!deliveries.data ? <Loading what="deliveries" /> : <DeliveryTable deliveries={deliveries.data} />}
      </section>
    </>
  );
}

function Field({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function DeliveryTable({ deliveries }: { deliveries: AlertDeliveries }) {
  if (deliveries.items.length === 0) return <p>Not delivered to any channel yet.</p>;
  return (
    <TableWrap label="Deliveries">
      <table>
        <ColumnHeads names={['Channel', 'Type', 'Status', 'State', 'Attempts', 'Last attempt']} />
        <tbody>
          {deliveries.items.map((d) => {
            const last = d.attempts.at(-1);
            return (
              <tr key={d.id}>
                <th scope="row">{d.channelId}</th>
                <td>{d.channelType}</td>
                <td>{d.status}</td>
                <td>{d.state}</td>
                <td class="num">{d.attempts.length}</td>
                <td>
                  {last
                    ? `${time(last.at)}: ${last.outcome}${last.statusCode ? ` (${last.statusCode})` : ''}`
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
