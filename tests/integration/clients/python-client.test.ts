import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEnv, expectStoredAndFoldedOnce, type ClientEnv } from '../../helpers/client-env.js';

// Issue 9: the Python client (clients/python) against the real service and worker, through a
// proxy that sheds, rate-limits and drops connections before and after the service answered.
// The Python side (its unittest suite, tests/test_live.py) checks its own counters; this side
// checks what the service stored and folded: every event exactly once.

const PYTHON = process.env.PYTHON ?? 'python3';
const CLIENT_DIR = fileURLToPath(new URL('../../../clients/python', import.meta.url));
const MODEL = 'py-credit';
const PREDICTIONS = 100_000;
const OUTCOMES = 60_000;

let env: ClientEnv;

beforeAll(async () => {
  env = await clientEnv();
});

afterAll(async () => {
  await env?.close();
});

function runPython(
  args: string[],
  env: Record<string, string>,
  python = PYTHON,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      cwd: CLIENT_DIR,
      env: { ...process.env, PYTHONPATH: 'src', PYTHONDONTWRITEBYTECODE: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('the Python client', () => {
  it(
    'delivers 100,000 predictions and 60,000 outcomes exactly once through a flaky network',
    { timeout: 15 * 60_000 },
    async () => {
      const { code, output } = await runPython(
        ['-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'],
        {
          MODELWATCH_URL: env.proxy.url,
          MODELWATCH_DIRECT_URL: env.direct,
          MODELWATCH_API_KEY: env.t.adminKey,
          MODELWATCH_MODEL: MODEL,
          MODELWATCH_PREDICTIONS: String(PREDICTIONS),
          MODELWATCH_OUTCOMES: String(OUTCOMES),
        },
      );
      expect(code, output).toBe(0);
      expect(output).toMatch(/^OK$/m); // every Python test ran: none skipped
      // Stored and folded once: the live test's predictions and its forked child's two.
      await expectStoredAndFoldedOnce(env, MODEL, { predictions: PREDICTIONS + 2, outcomes: OUTCOMES });
    },
  );

  it('is a package pip installs', { timeout: 120_000 }, async () => {
    // No package index here: pip builds with the setuptools and wheel already installed (Debian's
    // python3-pip and python3-wheel, which .ci/run installs), where the index is reachable
    // `pip install ./clients/python` fetches them itself. Built from a copy: pip writes build/
    // and *.egg-info next to the sources.
    const python =
      (await runPython(['-c', 'import setuptools, pip, wheel'], {})).code === 0 ? PYTHON : '/usr/bin/python3';
    const work = await mkdtemp(join(tmpdir(), 'mw-pip-'));
    try {
      await cp(CLIENT_DIR, join(work, 'src'), { recursive: true });
      const { code, output } = await runPython(
        [
          '-m',
          'pip',
          'install',
          '-q',
          '--no-build-isolation',
          '--no-deps',
          '--target',
          join(work, 'site'),
          join(work, 'src'),
        ],
        { PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' },
        python,
      );
      expect(code, output).toBe(0);
      const check = await runPython(
        ['-c', 'import modelwatch; print(modelwatch.__file__, modelwatch.__version__)'],
        {
          PYTHONPATH: join(work, 'site'),
        },
      );
      expect(check.output.trim()).toBe(`${join(work, 'site', 'modelwatch', '__init__.py')} 0.1.0`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
