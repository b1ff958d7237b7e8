import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { evidenceJsonSchemaText } from '../../../src/modules/evidence/evidence.json-schema.js';

describe('docs/evidence.schema.json', () => {
  it('is the JSON Schema generated from the zod schema of the record (npm run evidence:schema)', async () => {
    const committed = await readFile(new URL('../../../docs/evidence.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(evidenceJsonSchemaText());
    const schema = JSON.parse(committed) as { $schema: string; $defs: { Evidence: { required: string[] } } };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$defs.Evidence.required).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'period',
        'inventory',
        'references',
        'audit',
        'kpis',
        'digest',
      ]),
    );
  });
});
