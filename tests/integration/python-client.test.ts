import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShutdownStep } from '../../src/lib/shutdown.js';
import { startWorker } from '../../src/main-worker.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CHAOS_APP_ENV } from '../helpers/chaos.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { eventually } from '../helpers/eventually.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { countRows } from '../helpers/ingest.js';

// Issue 9: the Python client (clients/python) against the real service and worker, through a
// proxy that sheds, rate-limits and drops connections before and after the service answered.
// The Python side (its unittest suite, tests/test_live.py) checks its own counters; this side
// checks what the service stored and folded: every event exactly once.

const PYTHON = process.env.PYTHON ?? 'python3';
const CLIENT_DIR = fileURLToPath(new URL('../../clients/python', import.meta.url));
const MODEL = 'py-credit';
const PREDICTIONS = 100_000;
const OUTCOMES = 60_000;

let db: TestDatabase;
let t: TestApp;
let steps: ShutdownStep[] = [];
let proxy: FlakyProxy;
let directUrl: string;

beforeAll(async () => {
  db = await freshDatabase();
  t = await createTestApp({ databaseUrl: db.url, role: 'all', env: CHAOS_APP_ENV });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  directUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  steps = (await startWorker(t.container)).steps;
  // Faults only on ingest: the synchronous Client's reads are tested for their answers.
  proxy = await startFlakyProxy(directUrl, (req) => /\/(predictions|outcomes)$/.test(req.url ?? ''));
});

afterAll(async () => {
  await proxy?.close();
  for (const step of steps) await step.run();
  await t?.close();
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
          MODELWATCH_URL: proxy.url,
          MODELWATCH_DIRECT_URL: directUrl,
          MODELWATCH_API_KEY: t.adminKey,
          MODELWATCH_MODEL: MODEL,
          MODELWATCH_PREDICTIONS: String(PREDICTIONS),
          MODELWATCH_OUTCOMES: String(OUTCOMES),
        },
      );
      expect(code, output).toBe(0);
      expect(output).toMatch(/^OK$/m); // every Python test ran: none skipped
      // Every fault happened, more than once.
      for (const fault of ['shed', 'limited', 'droppedBefore', 'droppedAfter'] as const) {
        expect(proxy.counts[fault], fault).toBeGreaterThan(1);
      }

      // Stored once: the live test's predictions and its forked child's two.
      await eventually(
        async () =>
          (await countRows(db.pool, 'ingest_batches WHERE model_id = $1 AND folded_at IS NULL', [MODEL])) ===
          0
            ? true
            : undefined,
        120_000,
        200,
      );
      expect(await countRows(db.pool, 'predictions WHERE model_id = $1', [MODEL])).toBe(PREDICTIONS + 2);
      expect(await countRows(db.pool, 'outcomes WHERE model_id = $1', [MODEL])).toBe(OUTCOMES);
      // Folded once: events and labelled pairs in the tiles.
      const hour = 3_600_000;
      const from = new Date(Date.now() - 2 * hour);
      const to = new Date(Date.now() + hour);
      const window = await t.container.tiles.loadWindow(MODEL, from, to);
      expect(window.performance.labelled).toBe(OUTCOMES);
      const { buckets } = await t.container.tiles.eventCounts(MODEL, from, to);
      expect(buckets.reduce((sum, b) => sum + b.events, 0)).toBe(PREDICTIONS + 2);
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
