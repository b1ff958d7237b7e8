import type { z } from 'zod';
import { modelSpecSchema, type ModelSpec } from '../../domain/model-spec.js';
import { InputError, inputErrorAt } from '../../stats/evaluation/decode/input-error.js';
import { locateJsonSyntaxError, locateJsonValue } from './json-location.js';
import { readText } from './files.js';

/**
 * Reads the schema file: the same JSON as the model registration body. Syntax errors name the
 * line and column; schema errors name the field by its path (`features.1.type`) and, where the
 * value exists in the file, its line and column.
 */
export async function readModelSpec(file: string): Promise<ModelSpec> {
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const problem = locateJsonSyntaxError(text, (err as Error).message);
    throw inputErrorAt(file, problem.line, problem.column, problem.message);
  }
  const parsed = modelSpecSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw schemaError(file, text, parsed.error);
}

function schemaError(file: string, text: string, error: z.ZodError): InputError {
  const [first, ...rest] = error.issues;
  if (first === undefined) return new InputError(`${file}: not a valid model schema`);
  const path = first.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = locateJsonValue(text, path);
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  const field = path.length > 0 ? path.join('.') : '(root)';
  return inputErrorAt(file, at?.line ?? null, at?.column ?? null, `${field}: ${first.message}${more}`);
}
