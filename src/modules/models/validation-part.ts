import type { ModelSpec } from '../../domain/model-spec.js';

/**
 * The parts of a spec that decide whether an event is valid. When they change, the schema
 * version is bumped and ingest compiles a new validator; inventory fields and per-feature drift
 * settings do not affect validation, so editing them keeps the version.
 */
export function validationPart(spec: ModelSpec): unknown {
  return {
    task: spec.task,
    features: spec.features.map(({ name, type, nullable }) => ({ name, type, nullable })),
    classes: 'classes' in spec ? spec.classes : undefined,
    positiveClass: 'positiveClass' in spec ? spec.positiveClass : undefined,
  };
}
