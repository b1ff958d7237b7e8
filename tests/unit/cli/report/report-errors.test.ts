/**
 * `modelwatch report` on bad input: exit code 2, nothing on stdout, and one line on stderr
 * naming the file, line and column (CSV: the field number; NDJSON and JSON: the character).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../../helpers/report-fixtures.js';

const dir = tempDir();
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const schema = file(
  'model.json',
  JSON.stringify({
    name: 'm',
    task: 'regression',
    features: [
      { name: 'age', type: 'numerical' },
      { name: 'city', type: 'categorical' },
    ],
  }),
);
const goodCsv = file('good.csv', 'age,city\n1,a\n2,b\n');
// Line 17 (16 good rows after the header), third field: "abc" where age needs a number.
const badNumberCsv = file(
  'cur.csv',
  ['id,city,age', ...Array.from({ length: 15 }, (_, i) => `${i},a,${i}`), '15,b,abc'].join('\n') + '\n',
);

/** Arguments comparing `current` with `reference` under a schema file. */
const compare = (reference: string, current: string, schemaFile = schema) => [
  '--schema',
  schemaFile,
  '--reference',
  reference,
  '--current',
  current,
];
const at = (name: string) => join(dir, name);

const cases: [string, () => string[], string][] = [
  ['a missing file', () => compare(at('nope.csv'), goodCsv), `${at('nope.csv')}: no such file`],
  [
    'a non-numeric value in a numerical column',
    () => compare(goodCsv, badNumberCsv),
    `${badNumberCsv}:17:3: feature "age": "abc" is not a number`,
  ],
  [
    'schema JSON with a syntax error',
    () => compare(goodCsv, goodCsv, file('syntax.json', '{"name": "m",\n  "task": ,\n}')),
    `${at('syntax.json')}:2:11: invalid JSON (value expected)`,
  ],
  [
    'a schema that breaks the model schema (zod path, and where the value is)',
    () =>
      compare(
        goodCsv,
        goodCsv,
        file(
          'type.json',
          '{"name": "m", "task": "regression",\n "features": [{"name": "age", "type": "number"}]}',
        ),
      ),
    `${at('type.json')}:2:39: features.0.type: Invalid option: expected one of "numerical"|"categorical"`,
  ],
  [
    'a CSV quote error',
    () => compare(file('quote.csv', 'age,city\n1,a\n2,"b"x\n'), goodCsv),
    `${at('quote.csv')}:3:2: unexpected character after a closing quote`,
  ],
  [
    'a CSV row with too many fields',
    () => compare(file('fields.csv', 'age,city\n1,a\n2,b,c\n'), goodCsv),
    `${at('fields.csv')}:3: expected 2 fields as in the header, got 3`,
  ],
  [
    'a CSV without a feature column',
    () => compare(goodCsv, file('nocity.csv', 'age\n1\n')),
    `${at('nocity.csv')}:1: no column for feature "city"`,
  ],
  [
    'an NDJSON syntax error',
    () => compare(goodCsv, file('syntax.ndjson', '{"features": {"age": 1}}\n{"features": {"age": 1}\n')),
    `${at('syntax.ndjson')}:2:24: invalid JSON (close brace expected)`,
  ],
  [
    'an NDJSON value of the wrong type',
    () =>
      compare(
        goodCsv,
        file(
          'value.ndjson',
          '{"features": {"age": 1, "city": "a"}}\n\n{"features": {"city": "a", "age": "abc"}}\n',
        ),
      ),
    `${at('value.ndjson')}:3:35: feature "age": "abc" is not a number`,
  ],
  [
    'an empty reference',
    () => compare(file('empty.csv', 'age,city\n'), goodCsv),
    `${at('empty.csv')}: no rows to use as the reference`,
  ],
  [
    'an unknown format',
    () => [...compare(goodCsv, goodCsv), '--format', 'xml'],
    '--format must be "table" or "json", got "xml"',
  ],
];

describe.concurrent('modelwatch report: bad input exits 2 with one line naming where', () => {
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, stdout, stderr } = await runCli(['report', ...args()]);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `modelwatch report: ${message}\n`,
    });
  });

  it('a missing option names it and shows the usage, on one line', async () => {
    const { code, stderr } = await runCli(['report', '--schema', schema, '--current', goodCsv]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^modelwatch report: missing --reference; usage: modelwatch report --schema .*\n$/,
    );
  });
});
