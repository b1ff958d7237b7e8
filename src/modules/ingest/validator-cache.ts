import { modelSpecSchema } from '../../domain/model-spec.js';
import { compileValidators, type ModelValidators } from './ingest.validator.js';

export interface ModelRecord {
  id: string;
  schemaVersion: number;
  /** The stored registration body; parsed (defaults applied) once per schema version. */
  spec: unknown;
}

export interface ValidatorCache {
  get(model: ModelRecord): ModelValidators;
}

/**
 * Validators compiled once per (model, schema version). A new schema version compiles afresh, so a
 * changed schema applies from the next request; the oldest entries go first when the cache is full.
 */
export function createValidatorCache(maxEntries = 1_000): ValidatorCache {
  const cache = new Map<string, ModelValidators>();
  return {
    get(model) {
      const key = `${model.id}\u0000${model.schemaVersion}`;
      let validators = cache.get(key);
      if (!validators) {
        validators = compileValidators(modelSpecSchema.parse(model.spec));
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(key, validators);
      }
      return validators;
    },
  };
}
