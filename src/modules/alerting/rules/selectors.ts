import type { StoredAlert } from '../alerts/alerts.store.js';
import type { Segment } from '../engine/evaluation-snapshot.js';
import type { Condition, ModelSelector, RuleSpec, SegmentScope } from './rules.schemas.js';

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

/**
 * Whether a rule reads an evaluation of this segment value (null: of the whole model). A rule
 * without `segments` reads only the whole model's; a segment rule only segment values, of its
 * key when it names one (a key a model does not declare has no values, so matches nothing).
 */
export function readsSegment(scope: SegmentScope | undefined, segment: Segment | null): boolean {
  if (scope === undefined || segment === null) return scope === undefined && segment === null;
  return scope.key === undefined || scope.key === segment.key;
}

const perFeature = (c: Condition) => c.kind === 'feature_drift' || c.kind === 'quality';

/**
 * Whether an open alert is still one the rule would raise after an edit: same window, the model
 * still selected, its feature (if any) still watched, and its segment value (if any) still in the
 * rule's scope. Alerts that are not are retired.
 */
export function stillApplies(
  spec: RuleSpec,
  alert: Pick<StoredAlert, 'window' | 'modelId' | 'feature' | 'segment'>,
  tags: Readonly<Record<string, string>> | null,
): boolean {
  if (!spec.enabled || spec.window !== alert.window) return false;
  if (!readsSegment(spec.segments, alert.segment)) return false;
  if (tags === null || !selects(spec.models, alert.modelId, tags)) return false;
  const c = spec.condition;
  if (perFeature(c) !== (alert.feature !== null)) return false;
  if ((c.kind === 'feature_drift' || c.kind === 'quality') && c.features !== undefined) {
    return alert.feature !== null && c.features.includes(alert.feature);
  }
  return true;
}
