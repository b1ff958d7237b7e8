// The console's fleet table (ui/src/pages/fleet-view.ts): filters, search and sort over the joined
// fleet and inventory, worst status first by default, rows without a value last either way.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  filterChoices,
  fleetView,
  joinFleet,
  type FleetRow,
} from '../../../ui/src/pages/fleet-view.js';
import type { FleetModel, Model } from '../../../ui/src/api/types.js';

function model(id: string, patch: Partial<FleetModel> = {}): FleetModel {
  return {
    id,
    name: id.toUpperCase(),
    task: 'binary_classification',
    owner: 'risk',
    lifecycle: 'production',
    status: 'healthy',
    statusReason: '',
    evaluatedAt: null,
    lastJudged: null,
    lastEventAt: null,
    driftedFeatures: null,
    headline: null,
    performance: null,
    volume: null,
    labelCoverage: null,
    worstSegments: [],
    functioning: { state: 'yes', reasons: [] },
    objective: null,
    value: {},
    inventoryCompleteness: { share: 1, missing: [] },
    liveVersions: [],
    ...patch,
  };
}

const rows: FleetRow[] = joinFleet(
  [
    model('a', { status: 'healthy', labelCoverage: 0.5 }),
    model('b', { status: 'degraded', owner: 'fraud' }),
    model('c', { status: 'drifting', labelCoverage: 0.9 }),
    model('d', { status: 'drifting' }),
  ],
  [
    { id: 'a', tags: { domain: 'lending' }, riskTier: 'high' },
    { id: 'c', tags: { domain: 'fraud' }, riskTier: 'low' },
  ] as unknown as Model[],
);
const ids = (r: FleetRow[]) => r.map((x) => x.id);

describe('fleetView', () => {
  it('puts the worst status first, ties by id', () => {
    expect(ids(fleetView(rows, EMPTY_QUERY))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('filters by status, owner, tag and risk tier, and searches id and name', () => {
    expect(ids(fleetView(rows, { ...EMPTY_QUERY, status: 'drifting' }))).toEqual(['c', 'd']);
    expect(ids(fleetView(rows, { ...EMPTY_QUERY, owner: 'fraud' }))).toEqual(['b']);
    expect(ids(fleetView(rows, { ...EMPTY_QUERY, tag: 'domain=lending' }))).toEqual(['a']);
    expect(ids(fleetView(rows, { ...EMPTY_QUERY, riskTier: 'low' }))).toEqual(['c']);
    expect(ids(fleetView(rows, { ...EMPTY_QUERY, search: ' C ' }))).toEqual(['c']);
  });

  it('sorts by a column either way, rows without a value last both ways', () => {
    const up = { ...EMPTY_QUERY, sort: 'labelCoverage' as const };
    expect(ids(fleetView(rows, up))).toEqual(['a', 'c', 'b', 'd']);
    expect(ids(fleetView(rows, { ...up, descending: true }))).toEqual(['c', 'a', 'b', 'd']);
  });

  it('offers the owners, tags and risk tiers present', () => {
    expect(filterChoices(rows)).toEqual({
      owners: ['fraud', 'risk'],
      tags: ['domain=fraud', 'domain=lending'],
      riskTiers: ['high', 'low'],
    });
  });
});
