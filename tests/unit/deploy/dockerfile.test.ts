// The Dockerfile, checked without a Docker engine: lint, the runtime stage's contract, and the
// build context (every COPY source exists and .dockerignore lets it through).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { envExample, readRepoFile, ROOT } from '../../helpers/deploy-files.js';

const text = readRepoFile('Dockerfile');
const dockerfile = DockerfileParser.parse(text);

/** Instructions grouped by build stage, in order; the last stage is the image that ships. */
function stages(): { name: string; instructions: Instruction[] }[] {
  const result: { name: string; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const name = dockerfile.getFROMs()[result.length]?.getBuildStage() ?? String(result.length);
      result.push({ name, instructions: [] });
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

const allStages = stages();
const runtime = allStages.at(-1)?.instructions ?? [];

function only(keyword: string, instructions = runtime): Instruction {
  const found = instructions.filter((i) => i.getKeyword() === keyword);
  expect(
    found.map((i) => i.getKeyword()),
    `one ${keyword} in the runtime stage`,
  ).toEqual([keyword]);
  return found[0] as Instruction;
}

const jsonArgs = (i: Instruction) => (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

describe('Dockerfile', () => {
  it('has no lint problem (unknown instructions, flags or malformed arguments)', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds with dev dependencies, and ships production dependencies only', () => {
    const byName = Object.fromEntries(allStages.map((s) => [s.name, s.instructions.map(args)]));
    expect(byName.build?.map((a) => a.join(' '))).toContain('npm run build');
    expect(byName.deps?.some((a) => a.join(' ').startsWith('npm ci --omit=dev'))).toBe(true);
    const copiedFromStages = runtime
      .filter((i) => i.getKeyword() === 'COPY' && (i as Copy).getFromFlag())
      .map((i) => `${(i as Copy).getFromFlag()?.getValue()}:${args(i)[0]}`);
    expect(copiedFromStages.sort()).toEqual(['build:/app/dist', 'deps:/app/node_modules']);
  });

  it('runs as a non-root user given by number', () => {
    const [user] = args(only('USER'));
    expect(user).toMatch(/^\d+(:\d+)?$/); // runAsNonRoot in Kubernetes can only verify a number
    expect(user?.split(':')[0]).not.toBe('0');
  });

  it('enters through tini into the modelwatch CLI, serving the API by default', () => {
    expect(jsonArgs(only('ENTRYPOINT'))).toEqual(['/usr/bin/tini', '--', 'node', '/app/bin/modelwatch.js']);
    expect(jsonArgs(only('CMD'))).toEqual(['serve']);
  });

  it('exposes the API and metrics ports and checks health with the copied script', () => {
    const env = envExample();
    expect(args(only('EXPOSE'))).toEqual([env.PORT, env.METRICS_PORT]);
    const [subcommand, ...command] = args(only('HEALTHCHECK'));
    expect(subcommand).toBe('CMD');
    expect(JSON.parse(command.join(' '))).toEqual(['node', '/app/deploy/healthcheck.js']);
  });

  it('copies only paths that exist and that .dockerignore lets into the build context', () => {
    const allowed = readRepoFile('.dockerignore')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1));
    const sources = allStages
      .flatMap((s) => s.instructions)
      .filter((i) => i.getKeyword() === 'COPY' && !(i as Copy).getFromFlag())
      .flatMap((i) => args(i).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['src', 'bin', 'migrations', 'deploy/healthcheck.js']));
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(allowed, `.dockerignore must allow ${source}`).toContain(source);
    }
  });
});
