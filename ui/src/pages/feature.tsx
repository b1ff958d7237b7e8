import { Link, useParams, useSearch } from 'wouter-preact';
import { FeatureView } from './feature-view.js';
import { choiceFromSearch, choiceToSearch } from './window-choice.js';

export function FeaturePage() {
  const { id, feature } = useParams<{ id: string; feature: string }>();
  const choice = choiceFromSearch(useSearch());
  return (
    <>
      <p>
        <Link href={`/models/${encodeURIComponent(id)}${choiceToSearch(choice)}`}>← {id}</Link>
      </p>
      <h1>
        Feature {feature} <span class="muted small">of {id}</span>
      </h1>
      <FeatureView modelId={id} feature={feature} choice={choice} />
    </>
  );
}
