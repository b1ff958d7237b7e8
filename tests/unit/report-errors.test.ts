/**
 * `modelwatch report` on bad input: exit code 2, nothing on stdout, and one line on stderr
 * naming the file, line and column (CSV: the field number; NDJSON and JSON: the character).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/report-fixtures.js';

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

const cases: [string, () => string[], string][] = [
  [
    'a missing file',
    () => ['--schema', schema, '--reference', join(dir, 'nope.csv'), '--current', goodCsv],
    `${join(dir, 'nope.csv')}: no such file`,
  ],
  [
    'a non-numeric value in a numerical column',
    () => ['--schema', schema, '--reference', goodCsv, '--current', badNumberCsv],
    `${badNumberCsv}:17:3: feature "age": "abc" is not a number`,
  ],
  [
    'schema JSON with a syntax error',
    () => [
      '--schema',
      file('syntax.json', '{"name": "m",\n  "task": ,\n}'),
      '--reference',
      goodCsv,
      '--current',
      goodCsv,
    ],
    `${join(dir, 'syntax.json')}:2:11: invalid JSON (value expected)`,
  ],
  [
    'a schema that breaks the model schema (zod path, and where the value is)',
    () => [
      '--schema',
      file(
        'type.json',
        '{"name": "m", "task": "regression",\n "features": [{"name": "age", "type": "number"}]}',
      ),
      '--reference',
      goodCsv,
      '--current',
      goodCsv,
    ],
    `${join(dir, 'type.json')}:2:39: features.0.type: Invalid option: expected one of "numerical"|"categorical"`,
  ],
  [
    'a CSV quote error',
    () => [
      '--schema',
      schema,
      '--reference',
      file('quote.csv', 'age,city\n1,a\n2,"b"x\n'),
      '--current',
      goodCsv,
    ],
    `${join(dir, 'quote.csv')}:3:2: unexpected character after a closing quote`,
  ],
  [
    'a CSV row with too many fields',
    () => [
      '--schema',
      schema,
      '--reference',
      file('fields.csv', 'age,city\n1,a\n2,b,c\n'),
      '--current',
      goodCsv,
    ],
    `${join(dir, 'fields.csv')}:3: expected 2 fields as in the header, got 3`,
  ],
  [
    'a CSV without a feature column',
    () => ['--schema', schema, '--reference', goodCsv, '--current', file('nocity.csv', 'age\n1\n')],
    `${join(dir, 'nocity.csv')}:1: no column for feature "city"`,
  ],
  [
    'an NDJSON syntax error',
    () => [
      '--schema',
      schema,
      '--reference',
      goodCsv,
      '--current',
      file('syntax.ndjson', '{"features": {"age": 1}}\n{"features": {"age": 1}\n'),
    ],
    `${join(dir, 'syntax.ndjson')}:2:24: invalid JSON (close brace expected)`,
  ],
  [
    'an NDJSON value of the wrong type',
    () => [
      '--schema',
      schema,
      '--reference',
      goodCsv,
      '--current',
      file(
        'value.ndjson',
        '{"features": {"age": 1, "city": "a"}}\n\n{"features": {"city": "a", "age": "abc"}}\n',
      ),
    ],
    `${join(dir, 'value.ndjson')}:3:35: feature "age": "abc" is not a number`,
  ],
  [
    'an empty reference',
    () => ['--schema', schema, '--reference', file('empty.csv', 'age,city\n'), '--current', goodCsv],
    `${join(dir, 'empty.csv')}: no rows to use as the reference`,
  ],
  [
    'an unknown format',
    () => ['--schema', schema, '--reference', goodCsv, '--current', goodCsv, '--format', 'xml'],
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
