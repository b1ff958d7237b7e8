import { ColumnHeads, TableWrap } from '../components/table-wrap.js';
import { useMemo, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { fleetPages } from '../api/fleet.js';
import { get, getAll } from '../api/http.js';
import type { AuditEntry, Model, Page } from '../api/types.js';
import { ErrorNote, Loading, StatusBadge } from '../components/status.js';
import { toCsv } from '../lib/csv.js';
import { time } from '../lib/format.js';
import { useFetch } from '../lib/use-fetch.js';
import { AuditTable } from './model-details.js';

async function loadInventory() {
  const [models, fleet] = await Promise.all([getAll<Model>('/v1/models'), fleetPages()]);
  const status = new Map(fleet.models.map((m) => [m.id, m.status]));
  return models.map((m) => ({
    ...m,
    lifecycle: m.lifecycle.status,
    status: status.get(m.id) ?? ('unknown' as const),
  }));
}

const COLUMNS = [
  'id',
  'name',
  'owner',
  'purpose',
  'trainingData',
  'riskTier',
  'lifecycle',
  'status',
  'updatedAt',
] as const;

/** For risk and audit: every model with its inventory fields, exportable as CSV; the audit log per model. */
export function InventoryPage() {
  const { data, error } = useFetch('inventory', loadInventory);
  const [open, setOpen] = useState<string | null>(null);
  const csvHref = useMemo(() => {
    if (!data) return null;
    const csv = toCsv(
      [...COLUMNS],
      data.map((m) => COLUMNS.map((c) => m[c] ?? null)),
    );
    return URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  }, [data]);
  return (
    <>
      <h1>Inventory</h1>
      {error && <ErrorNote error={error} />}
      {!data ? (
        <Loading what="the inventory" />
      ) : (
        <>
          <p>
            {data.length} models.{' '}
            {csvHref && (
              <a class="button" href={csvHref} download="modelwatch-inventory.csv">
                Export as CSV
              </a>
            )}
          </p>
          <TableWrap label="Inventory">
            <table>
              <ColumnHeads
                names={[
                  'Model',
                  'Owner',
                  'Purpose',
                  'Training data',
                  'Risk tier',
                  'Lifecycle',
                  'Status',
                  'Last change',
                  'Audit',
                ]}
              />
              <tbody>
                {data.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link href={`/models/${encodeURIComponent(m.id)}`}>{m.id}</Link>
                    </th>
                    <td>{m.owner ?? '—'}</td>
                    <td class="reason">{m.purpose ?? m.description ?? '—'}</td>
                    <td>{m.trainingData ?? '—'}</td>
                    <td>{m.riskTier ?? '—'}</td>
                    <td>{m.lifecycle}</td>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                    <td>{time(m.updatedAt)}</td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={open === m.id}
                        onClick={() => setOpen(open === m.id ? null : m.id)}
                      >
                        {open === m.id ? 'Hide' : 'Show'} audit log<span class="sr-only"> of {m.id}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {open && <InventoryAudit modelId={open} />}
        </>
      )}
    </>
  );
}

function InventoryAudit({ modelId }: { modelId: string }) {
  const { data, error } = useFetch(`inv-audit:${modelId}`, () =>
    get<Page<AuditEntry>>(`/v1/models/${encodeURIComponent(modelId)}/audit`, { limit: 100 }),
  );
  return (
    <section aria-labelledby="inv-audit">
      <h2 id="inv-audit">Audit log of {modelId}</h2>
      {error && <ErrorNote error={error} />}
      {!data ? <Loading what="the audit log" /> : <AuditTable entries={data.items} />}
    </section>
  );
}
