// Writes docs/evidence.schema.json from the evidence record's zod schema; with --check, fails when
// the committed file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { evidenceJsonSchemaText } from '../src/modules/evidence/evidence.json-schema.js';

const target = new URL('../docs/evidence.schema.json', import.meta.url);
const text = evidenceJsonSchemaText();

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== text) {
    process.stderr.write('docs/evidence.schema.json is out of date: run `npm run evidence:schema`.\n');
    process.exit(1);
  }
  process.stdout.write('docs/evidence.schema.json is up to date\n');
} else {
  await writeFile(target, text);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
