import { z } from 'zod';
import { evidenceSchema } from './evidence.schemas.js';

/**
 * The JSON Schema (draft 2020-12) of the evidence record, generated from its zod schema: the
 * committed docs/evidence.schema.json is this text (`npm run evidence:schema`; a test checks it).
 */
export function evidenceJsonSchemaText(): string {
  const schema = z.toJSONSchema(evidenceSchema, { target: 'draft-2020-12', io: 'output' });
  return `${JSON.stringify({ ...schema, title: 'modelwatch evidence record' }, null, 2)}\n`;
}
