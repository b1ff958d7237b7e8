import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { useSearch } from 'wouter-preact';
import { getAll, request } from '../api/http.js';
import { isAdmin, useSession } from '../api/session.js';
import type { Matcher, Silence } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { SilenceForm } from './silence-form.js';

/** Silences in force, pending and expired; create (admin) and expire. */
export function SilencesPage() {
  const { session } = useSession();
  const prefill: Matcher[] = [...new URLSearchParams(useSearch())].map(([name, value]) => ({
    name,
    op: '=',
    value,
  }));
  const { data, error, reload } = useFetch(
    'silences',
    () => getAll<Silence>('/v1/silences', {}, 200),
    30_000,
  );
  const expire = (id: string) =>
    request('DELETE', `/v1/silences/${encodeURIComponent(id)}`).then(reload, reload);
  const admin = isAdmin(session);
  return (
    <>
      <h1>Silences</h1>
      {admin ? (
        <SilenceForm prefill={prefill} onCreated={reload} />
      ) : (
        <p class="muted">Creating and expiring silences needs an admin key.</p>
      )}
      <section aria-labelledby="silence-list">
        <h2 id="silence-list">All silences</h2>
        {error && <ErrorNote error={error} />}
        {!data ? (
          <Loading what="silences" />
        ) : data.length === 0 ? (
          <p>No silences.</p>
        ) : (
          <TableWrap label="Silences">
            <table>
              <ColumnHeads names={['Matchers', 'State', 'Starts', 'Ends', 'By', 'Comment', 'Action']} />
              <tbody>
                {data.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.matchers.map((m) => `${m.name}${m.op}"${m.value}"`).join(', ')}</th>
                    <td>{s.state}</td>
                    <td>{time(s.startsAt)}</td>
                    <td>{time(s.endsAt)}</td>
                    <td>{s.createdBy}</td>
                    <td>{s.comment}</td>
                    <td>
                      {admin && s.state !== 'expired' ? (
                        <button type="button" onClick={() => expire(s.id)}>
                          Expire
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}
