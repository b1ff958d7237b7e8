import { pointerSegment, type FieldError } from '../../lib/errors.js';
import type { FeatureSpec, ModelSpec } from '../../domain/model-spec.js';
import {
  MAX_ID_LENGTH,
  checkFiniteNumber,
  checkId,
  checkLabel,
  checkOptionalText,
  checkProbability,
  checkSegments,
  isPlainObject,
  type TimeWindow,
} from './ingest.fields.js';
import { parseEventTime } from './event-time.js';

/** A prediction as it is stored: JSON columns already serialized, the time in epoch milliseconds. */
export interface PredictionRow {
  predictionId: string;
  tsMs: number;
  modelVersion: string | null;
  features: string;
  prediction: string;
  score: number | null;
  scores: string | null;
  segments: string | null;
}

export interface OutcomeRow {
  predictionId: string;
  actual: string;
  tsMs: number | null;
  /** The business value the outcome realized (docs/kpis.md#value), null when not sent. */
  value: number | null;
}

/** Where a validator reports: every invalid field, and the names of undeclared features it dropped. */
export interface Issues {
  errors: FieldError[];
  ignoredFeatures: Set<string>;
}

/** Checks one event found at `at` (a JSON pointer); returns its row, or null after adding to `issues`. */
export type EventValidator<R> = (event: unknown, at: string, window: TimeWindow, issues: Issues) => R | null;

export interface ModelValidators {
  predictions: EventValidator<PredictionRow>;
  outcomes: EventValidator<OutcomeRow>;
}

type Check = (value: unknown) => string | undefined;

const PREDICTION_FIELDS = new Set([
  'predictionId',
  'timestamp',
  'modelVersion',
  'features',
  'prediction',
  'score',
  'scores',
  'segments',
]);
const OUTCOME_FIELDS = new Set(['predictionId', 'actual', 'timestamp', 'value']);

function labelKey(label: unknown): string {
  return `${typeof label}:${String(label)}`;
}

/** Classes named in an error message; a model may have 1,000 long ones, and the message repeats per event. */
const MAX_NAMED_CLASSES = 20;

function listClasses(classes: readonly unknown[]): string {
  const named = classes.slice(0, MAX_NAMED_CLASSES).map((c) => {
    const text = JSON.stringify(c);
    return text.length > 100 ? `${text.slice(0, 99)}…` : text;
  });
  const more = classes.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/** What a prediction or an actual must be for the model's task. */
function targetCheck(spec: ModelSpec): Check {
  if (spec.task === 'regression') return checkFiniteNumber;
  if (spec.task === 'binary_classification') return checkLabel;
  const classes = new Set(spec.classes.map(labelKey));
  const listed = listClasses(spec.classes);
  return (value) =>
    classes.has(labelKey(value)) ? undefined : `must be one of the model's classes: ${listed}`;
}

function scoresCheck(spec: ModelSpec): Check {
  if (spec.task !== 'multiclass_classification') {
    return (value) =>
      value === undefined || value === null ? undefined : 'is only for multiclass models; send score instead';
  }
  const classes = new Set(spec.classes.map(String));
  return (value) => {
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) return 'must be an object of class → probability';
    for (const [label, p] of Object.entries(value)) {
      if (!classes.has(label)) return `has "${label}", which is not one of the model's classes`;
      if (checkProbability(p)) return `"${label}" must be a number from 0 to 1`;
    }
    return undefined;
  };
}

function scoreCheck(spec: ModelSpec): Check {
  if (spec.task === 'binary_classification') {
    return (value) => (value === undefined || value === null ? undefined : checkProbability(value));
  }
  return (value) =>
    value === undefined || value === null ? undefined : 'is only for binary classification models';
}

interface CompiledFeature {
  name: string;
  pointer: string;
  nullable: boolean;
  check: Check;
}

function compileFeature(feature: FeatureSpec): CompiledFeature {
  return {
    name: feature.name,
    pointer: `/features/${pointerSegment(feature.name)}`,
    nullable: feature.nullable,
    check: feature.type === 'numerical' ? checkFiniteNumber : checkLabel,
  };
}

/**
 * Checks the declared features and returns their JSON. Undeclared features are dropped (and named
 * in the reply), so that a client adding a column neither loses its events nor grows storage.
 */
function compileFeatures(spec: ModelSpec) {
  const features = spec.features.map(compileFeature);
  const declared = new Set(features.map((f) => f.name));
  return (value: unknown, at: string, issues: Issues): string | null => {
    if (!isPlainObject(value)) {
      issues.errors.push({ pointer: `${at}/features`, message: 'must be an object of feature values' });
      return null;
    }
    let valid = true;
    for (const feature of features) {
      // Own properties only: a feature named like an Object.prototype member must not see it.
      const v = Object.hasOwn(value, feature.name) ? value[feature.name] : undefined;
      const message =
        v === undefined || v === null
          ? feature.nullable
            ? undefined
            : 'is required: the feature is not nullable'
          : feature.check(v);
      if (message) {
        issues.errors.push({ pointer: `${at}${feature.pointer}`, message });
        valid = false;
      }
    }
    let extra = false;
    for (const key in value) {
      if (!declared.has(key)) {
        issues.ignoredFeatures.add(key);
        extra = true;
      }
    }
    if (!valid) return null;
    if (!extra) return JSON.stringify(value);
    const kept: Record<string, unknown> = Object.create(null);
    for (const { name } of features) if (Object.hasOwn(value, name)) kept[name] = value[name];
    return JSON.stringify(kept);
  };
}

/**
 * Adds `message`, if any, at `at` + `suffix`; returns whether the value passed. The pointer is
 * built only for an error: building one per field of every valid event was measurable garbage.
 */
function field(issues: Issues, at: string, suffix: string, message: string | undefined): boolean {
  if (message === undefined) return true;
  issues.errors.push({ pointer: at + suffix, message });
  return false;
}

function unknownFields(
  event: Record<string, unknown>,
  known: Set<string>,
  at: string,
  issues: Issues,
): boolean {
  let ok = true;
  for (const key in event) {
    if (!known.has(key)) {
      ok = field(issues, at, `/${pointerSegment(key)}`, 'is not a field of this event') && ok;
    }
  }
  return ok;
}

function compilePredictions(spec: ModelSpec): EventValidator<PredictionRow> {
  const features = compileFeatures(spec);
  const checkPrediction = targetCheck(spec);
  const checkScore = scoreCheck(spec);
  const checkScores = scoresCheck(spec);
  return (event, at, window, issues) => {
    if (!isPlainObject(event)) {
      field(issues, at, '', 'must be an object');
      return null;
    }
    let ok = unknownFields(event, PREDICTION_FIELDS, at, issues);
    ok = field(issues, at, '/predictionId', checkId(event.predictionId)) && ok;
    const time = parseEventTime(event.timestamp, window);
    ok = field(issues, at, '/timestamp', 'error' in time ? time.error : undefined) && ok;
    ok = field(issues, at, '/modelVersion', checkOptionalText(event.modelVersion, MAX_ID_LENGTH)) && ok;
    const prediction = event.prediction === undefined ? 'is required' : checkPrediction(event.prediction);
    ok = field(issues, at, '/prediction', prediction) && ok;
    ok = field(issues, at, '/score', checkScore(event.score)) && ok;
    ok = field(issues, at, '/scores', checkScores(event.scores)) && ok;
    ok = field(issues, at, '/segments', checkSegments(event.segments)) && ok;
    const featuresJson = features(event.features, at, issues);
    if (!ok || featuresJson === null || 'error' in time) return null;
    return {
      predictionId: event.predictionId as string,
      tsMs: time.ms,
      modelVersion: (event.modelVersion as string | undefined) ?? null,
      features: featuresJson,
      prediction: JSON.stringify(event.prediction),
      score: (event.score as number | undefined) ?? null,
      scores: event.scores == null ? null : JSON.stringify(event.scores),
      segments: event.segments == null ? null : JSON.stringify(event.segments),
    };
  };
}

function compileOutcomes(spec: ModelSpec): EventValidator<OutcomeRow> {
  const checkActual = targetCheck(spec);
  return (event, at, window, issues) => {
    if (!isPlainObject(event)) {
      field(issues, at, '', 'must be an object');
      return null;
    }
    let ok = unknownFields(event, OUTCOME_FIELDS, at, issues);
    ok = field(issues, at, '/predictionId', checkId(event.predictionId)) && ok;
    ok =
      field(issues, at, '/actual', event.actual === undefined ? 'is required' : checkActual(event.actual)) &&
      ok;
    const time = event.timestamp == null ? null : parseEventTime(event.timestamp, window);
    ok = field(issues, at, '/timestamp', time && 'error' in time ? time.error : undefined) && ok;
    ok = field(issues, at, '/value', event.value == null ? undefined : checkFiniteNumber(event.value)) && ok;
    if (!ok || (time && 'error' in time)) return null;
    return {
      predictionId: event.predictionId as string,
      actual: JSON.stringify(event.actual),
      tsMs: time ? time.ms : null,
      value: (event.value as number | null | undefined) ?? null,
    };
  };
}

export function compileValidators(spec: ModelSpec): ModelValidators {
  return { predictions: compilePredictions(spec), outcomes: compileOutcomes(spec) };
}
