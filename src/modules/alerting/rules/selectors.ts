import type { StoredAlert } from '../alerts/alerts.store.js';
import type { Condition, ModelSelector, RuleSpec } from './rules.schemas.js';

/** Whether a rule's selector picks a model, given the model's tags. Pure. */
export function selects(
  selector: ModelSelector,
  modelId: string,
  tags: Readonly<Record<string, string>>,
): boolean {
  switch (selector.match) {
    case 'all':
      return !selector.exclude.includes(modelId);
    case 'models':
      return selector.models.includes(modelId);
    case 'tags':
      return (
        !selector.exclude.includes(modelId) &&
        Object.entries(selector.tags).every(([k, v]) => Object.hasOwn(tags, k) && tags[k] === v)
      );
  }
}

/**
 * The models a rule concerns, for the access rule (src/http/plugins/access.ts): the ones a
 * `match: models` selector names; null for `all` and `tags`, which reach models registered later
 * and so concern the whole fleet.
 */
export function ruleModels(selector: ModelSelector): string[] | null {
  return selector.match === 'models' ? selector.models : null;
}

const perFeature = (c: Condition) => c.kind === 'feature_drift' || c.kind === 'quality';

/**
 * Whether an open alert is still one the rule would raise after an edit: same window, the model
 * still selected, and its feature (if any) still watched. Alerts that are not are retired.
 */
export function stillApplies(
  spec: RuleSpec,
  alert: Pick<StoredAlert, 'window' | 'modelId' | 'feature'>,
  tags: Readonly<Record<string, string>> | null,
): boolean {
  if (!spec.enabled || spec.window !== alert.window) return false;
  if (tags === null || !selects(spec.models, alert.modelId, tags)) return false;
  const c = spec.condition;
  if (perFeature(c) !== (alert.feature !== null)) return false;
  if ((c.kind === 'feature_drift' || c.kind === 'quality') && c.features !== undefined) {
    return alert.feature !== null && c.features.includes(alert.feature);
  }
  return true;
}
