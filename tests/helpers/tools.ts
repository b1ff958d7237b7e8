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
