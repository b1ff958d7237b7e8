import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './deploy-files.js';

/**
 * Runs a command-line tool from the repository root and returns its output; fails with what to
 * install when it is missing (CI installs it), rather than passing without it.
 */
export async function runTool(bin: string, args: string[], install: string): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: ROOT });
    return stdout + stderr;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${bin} is not installed: ${install}`);
    throw new Error(`${bin} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

export const promtool = (...args: string[]) =>
  runTool('promtool', args, "install Debian's prometheus package (apt-get install prometheus)");

export const amtool = (...args: string[]) =>
  runTool(
    'amtool',
    args,
    "install Debian's prometheus-alertmanager package (apt-get install prometheus-alertmanager)",
  );

/** Reads YAML with PyYAML (a YAML 1.1 parser) and prints it as JSON. */
const PYYAML_TO_JSON = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';

/**
 * What PyYAML makes of `yaml`, as JSON: with the first Python that has it (a virtual environment's
 * `python3`, else Debian's, where `.ci/run` installs python3-yaml).
 */
export async function readWithPyYaml(yaml: string): Promise<unknown> {
  const tried: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const result = await new Promise<{ ok: boolean; out: string }>((resolve) => {
      const child = execFile(python, ['-c', PYYAML_TO_JSON], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        resolve({ ok: !err, out: err ? stderr || String(err) : stdout }),
      );
      child.stdin?.end(yaml);
    });
    if (result.ok) return JSON.parse(result.out) as unknown;
    if (!/ModuleNotFoundError|ENOENT/.test(result.out)) throw new Error(`PyYAML (${python}): ${result.out}`);
    tried.push(`${python}: ${result.out.trim().split('\n').at(-1)}`);
  }
  throw new Error(`no python3 with PyYAML (apt-get install python3-yaml): ${tried.join('; ')}`);
}
