import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { get } from '../api/http.js';
import type { AuditEntry, Model, Page, QualityResult, Reference } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { count, pct, time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { choiceKey, type WindowChoice } from './window-choice.js';

const modelPath = (id: string) => `/v1/models/${encodeURIComponent(id)}`;

export function ModelQuality({ modelId, choice }: { modelId: string; choice: WindowChoice }) {
  const { data, error } = useFetch(`quality:${modelId}:${choiceKey(choice)}`, () =>
    get<QualityResult>(`${modelPath(modelId)}/quality`, { ...choice }),
  );
  return (
    <section aria-labelledby="quality">
      <h2 id="quality" tabIndex={-1}>
        Data quality
      </h2>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="data quality" />
      ) : (
        <>
          <p>
            {count(data.rows)} rows · {count(data.rejected)} events rejected by schema validation
          </p>
          <TableWrap label="Data quality">
            <table>
              <ColumnHeads
                names={['Feature', 'Type', 'Missing', 'Outside reference range', 'Unseen categories']}
              />
              <tbody>
                {data.features.map((f) => (
                  <tr key={f.name}>
                    <th scope="row">{f.name}</th>
                    <td>{f.type}</td>
                    <td class="num">{pct(f.missingShare)}</td>
                    <td class="num">
                      {pct(f.outOfRangeShare)}
                      {f.approximate ? ' (approx.)' : ''}
                    </td>
                    <td class="num">{pct(f.unseenCategoryShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

export function ModelReference({ modelId }: { modelId: string }) {
  const { data, error } = useFetch(`reference:${modelId}`, () =>
    get<Reference>(`${modelPath(modelId)}/reference`),
  );
  return (
    <section aria-labelledby="reference">
      <h2 id="reference" tabIndex={-1}>
        Reference in use
      </h2>
      {error ? (
        <ErrorNote error={error} />
      ) : !data ? (
        <Loading what="the reference" />
      ) : (
        <p>
          Version {data.version}, {data.source === 'rows' ? 'uploaded rows' : 'the model’s own traffic'}
          {data.range ? ` from ${time(data.range.from)} to ${time(data.range.to)}` : ''}: {count(data.rows)}{' '}
          rows ({count(data.labelled)} labelled, {count(data.rejected)} rejected), set {time(data.createdAt)}{' '}
          by {data.createdBy}
          {data.cbpe ? `; CBPE calibration ${data.cbpe.calibration}` : ''}.
        </p>
      )}
    </section>
  );
}

const INVENTORY_FIELDS = [
  'owner',
  'purpose',
  'description',
  'trainingData',
  'riskTier',
  'businessOwner',
  'developerTeam',
  'validator',
  'intendedUse',
  'restrictions',
  'codeVersion',
] as const;

export function ModelInventory({ model }: { model: Model }) {
  return (
    <section aria-labelledby="inventory">
      <h2 id="inventory" tabIndex={-1}>
        Inventory
      </h2>
      <dl class="fields">
        {INVENTORY_FIELDS.map((field) => (
          <div key={field}>
            <dt>{field}</dt>
            <dd>{String(model[field] ?? '—')}</dd>
          </div>
        ))}
        <div>
          <dt>tags</dt>
          <dd>
            {Object.entries(model.tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ') || '—'}
          </dd>
        </div>
        <div>
          <dt>last change</dt>
          <dd>{time(model.updatedAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function ModelAudit({ modelId }: { modelId: string }) {
  const { data, error } = useFetch(`audit:${modelId}`, () =>
    get<Page<AuditEntry>>(`${modelPath(modelId)}/audit`, { limit: 50 }),
  );
  return (
    <section aria-labelledby="audit">
      <h2 id="audit" tabIndex={-1}>
        Audit log
      </h2>
      {error && <ErrorNote error={error} />}
      {!data ? <Loading what="the audit log" /> : <AuditTable entries={data.items} />}
    </section>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <TableWrap label="Audit log">
      <table>
        <ColumnHeads names={['When', 'Action', 'By', 'About', 'Changed']} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{time(e.at)}</td>
              <td>{e.action.replaceAll('_', ' ')}</td>
              <td>{e.actor}</td>
              <td>{e.subject ?? e.modelId ?? '—'}</td>
              <td class="reason">{e.changes.map((c) => c.path || '(whole)').join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
