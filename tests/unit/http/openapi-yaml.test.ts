// Issue 9: openapi.yaml must read the same in every YAML 1.1 and 1.2 parser. PyYAML (1.1) read the
// enum value `=` as its "value" tag and failed; YAML 1.1 also reads yes/on/1_000/dates as non-strings.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { portableYaml } from '../../../scripts/portable-yaml.js';
import { readWithPyYaml } from '../../helpers/tools.js';

const TRICKY = {
  operators: ['=', '!=', '=~', '!~'],
  yaml11: ['yes', 'no', 'on', 'off', 'y', 'n', '1_000', '0b101', '2001-01-01', '12:30', '~', 'null', ''],
  numbers: ['1e3', '0x1F', '0o17', '.5', '-.inf', '.nan'],
  other: ['plain words', 'a: b', '- dash', '#hash', '"quoted"', "it's", '{ "a": 1 }', 'line\nbreak'],
  values: [0, 1.5, true, null, 'true'],
};

describe('portableYaml', () => {
  it('writes strings that PyYAML and the yaml package (1.1 and 1.2) read back unchanged', async () => {
    const text = portableYaml(TRICKY);
    expect(await readWithPyYaml(text)).toEqual(TRICKY);
    expect(parse(text, { version: '1.1' })).toEqual(TRICKY);
    expect(parse(text)).toEqual(TRICKY);
  });
});

describe('openapi.yaml', () => {
  it('reads the same in PyYAML (YAML 1.1) as in a YAML 1.2 parser', async () => {
    const text = await readFile(new URL('../../../openapi.yaml', import.meta.url), 'utf8');
    const document = parse(text) as unknown;
    expect(await readWithPyYaml(text)).toEqual(document);
    expect(parse(text, { version: '1.1' })).toEqual(document);
  });
});
