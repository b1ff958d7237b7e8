import { useLocation, useParams, useSearch } from 'wouter-preact';
import { get } from '../api/http.js';
import type { Model } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { useFetch } from '../lib/use-fetch.js';
import { ModelAudit, ModelInventory, ModelQuality, ModelReference } from './model-details.js';
import { ModelOverTime, LatestPerWindow } from './model-evaluations.js';
import { FeatureTable } from './model-features.js';
import { ModelSegments, ModelVersions } from './model-slices.js';
import { WindowPicker } from './window-picker.js';
import { choiceFromSearch, choiceToSearch } from './window-choice.js';

/** One model: what changed, since when, how badly, and whether it hurts. */
export function ModelPage() {
  const { id } = useParams<{ id: string }>();
  const search = useSearch();
  const [, navigate] = useLocation();
  const choice = choiceFromSearch(search);
  const model = useFetch(`model:${id}`, () => get<Model>(`/v1/models/${encodeURIComponent(id)}`));

  if (model.error) return <ErrorNote error={model.error} />;
  if (!model.data) return <Loading what={`model ${id}`} />;
  const m = model.data;
  return (
    <>
      <h1>
        {m.name} <span class="muted small">({m.id})</span>
      </h1>
      <p>
        {m.owner ? `Owner ${m.owner}` : 'No owner recorded'} · {m.task.replaceAll('_', ' ')} · lifecycle{' '}
        {m.lifecycle.status}
        {m.riskTier ? ` · risk tier ${m.riskTier}` : ''}
      </p>
      <nav aria-label="Sections of the model page" class="sections">
        <a href="#over-time">Over time</a> <a href="#features">Features</a>{' '}
        {(m.segments ?? []).length > 0 && <a href="#segments">Segments</a>}{' '}
        <a href="#quality">Data quality</a> <a href="#reference">Reference</a>{' '}
        <a href="#inventory">Inventory</a> <a href="#audit">Audit log</a>
      </nav>
      <LatestPerWindow modelId={id} />
      <WindowPicker
        choice={choice}
        onChange={(c) => navigate(`/models/${encodeURIComponent(id)}${choiceToSearch(c)}`)}
      />
      <ModelOverTime modelId={id} choice={choice} />
      <FeatureTable modelId={id} choice={choice} />
      <ModelSegments model={m} choice={choice} />
      <ModelVersions modelId={id} />
      <ModelQuality modelId={id} choice={choice} />
      <ModelReference modelId={id} />
      <ModelInventory model={m} />
      <ModelAudit modelId={id} />
    </>
  );
}
