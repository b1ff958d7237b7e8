/**
 * Times SciPy on the same raw arrays: `ks_2samp(method="asymp")` and `wasserstein_distance`
 * per feature, in a /usr/bin/python3 subprocess reading the arrays from a temp binary file.
 * Returns null (with the reason) when Python or SciPy is not there.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFeature } from './data.js';

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import sys, time
import numpy as np
from scipy import stats
path, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = np.fromfile(path, dtype="<f8").reshape(k, 2, n)
started = time.perf_counter()
for ref, cur in data:
    stats.ks_2samp(ref, cur, method="asymp")
    stats.wasserstein_distance(ref, cur)
print(time.perf_counter() - started)
`;

export function timeScipy(features: readonly BenchFeature[]): { ms: number } | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import scipy, numpy; print(scipy.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) return { skipped: `${PYTHON} with scipy not found` };
  const n = features[0]!.reference.length;
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  try {
    const path = join(dir, 'arrays.f64');
    const bytes = new Float64Array(features.length * 2 * n);
    features.forEach((f, i) => {
      bytes.set(f.reference, 2 * i * n);
      bytes.set(f.window, (2 * i + 1) * n);
    });
    writeFileSync(path, new Uint8Array(bytes.buffer));
    const run = spawnSync(PYTHON, ['-c', SCRIPT, path, String(features.length), String(n)], {
      encoding: 'utf8',
    });
    if (run.status !== 0) return { skipped: `python failed: ${run.stderr.trim().split('\n').pop()}` };
    return { ms: Number(run.stdout.trim()) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function scipyVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}
