// Runs Prometheus' promtool (Debian's prometheus package; .ci/run installs it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './deploy-files.js';

/** Runs promtool, failing with what to install rather than passing when it is missing. */
export async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('promtool', args, { cwd: ROOT });
    return stdout + stderr;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        "promtool is not installed: install Debian's prometheus package (apt-get install prometheus)",
      );
    }
    throw err;
  }
}
