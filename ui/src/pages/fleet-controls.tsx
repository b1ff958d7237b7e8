import { STATUSES } from '../lib/statuses.js';
import { filterChoices, type FleetQuery, type FleetRow, type SortKey } from './fleet-view.js';

/** Filters and search over the fleet; every control labelled, all reachable by keyboard. */
export function FleetFilters({
  rows,
  query,
  onChange,
}: {
  rows: FleetRow[];
  query: FleetQuery;
  onChange: (q: FleetQuery) => void;
}) {
  const choices = filterChoices(rows);
  const set = (patch: Partial<FleetQuery>) => onChange({ ...query, ...patch });
  return (
    <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search
        <input
          type="search"
          value={query.search}
          placeholder="model id or name"
          onInput={(e) => set({ search: e.currentTarget.value })}
        />
      </label>
      <Select
        label="Status"
        value={query.status}
        options={STATUSES}
        onChange={(status) => set({ status: status as FleetQuery['status'] })}
      />
      <Select
        label="Owner"
        value={query.owner}
        options={choices.owners}
        onChange={(owner) => set({ owner })}
      />
      <Select label="Tag" value={query.tag} options={choices.tags} onChange={(tag) => set({ tag })} />
      <Select
        label="Risk tier"
        value={query.riskTier}
        options={choices.riskTiers}
        onChange={(riskTier) => set({ riskTier })}
      />
    </form>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A column header that sorts: a button inside the th, its direction in aria-sort. */
export function SortHeader({
  sortKey,
  text,
  query,
  onSort,
}: {
  sortKey: SortKey;
  text: string;
  query: FleetQuery;
  onSort: (q: FleetQuery) => void;
}) {
  const active = query.sort === sortKey;
  const direction = active ? (query.descending ? 'descending' : 'ascending') : 'none';
  return (
    <th scope="col" aria-sort={direction}>
      <button
        type="button"
        class="sort"
        onClick={() => onSort({ ...query, sort: sortKey, descending: active ? !query.descending : false })}
      >
        {text}
        <span aria-hidden="true">{active ? (query.descending ? ' ↓' : ' ↑') : ' ↕'}</span>
      </button>
    </th>
  );
}
