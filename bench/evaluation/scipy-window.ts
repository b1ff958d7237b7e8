/**
 * SciPy on the raw values of a window and its reference, timed in a /usr/bin/python3 subprocess
 * (the arrays read from a temp file first, not timed): per numerical column (features and the
 * score) `ks_2samp(method="asymp")`, `wasserstein_distance`, and PSI and Jensen–Shannon over the
 * reference's deciles (`np.histogram`, `scipy.spatial.distance.jensenshannon`); per categorical
 * column `chi2_contingency` and Jensen–Shannon over the categories. Roughly what an evaluation
 * computes per feature; null (with the reason) when Python or SciPy is not there.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import sys, json, time
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
meta = json.load(open(sys.argv[2]))
data = np.fromfile(sys.argv[1], dtype="<f8")
columns, at = [], 0
for m, n in meta["numerical"]:
    columns.append((data[at:at + m], data[at + m:at + m + n])); at += m + n
started = time.perf_counter()
for ref, cur in columns:
    stats.ks_2samp(ref, cur, method="asymp")
    stats.wasserstein_distance(ref, cur)
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, 11)))
    p = np.histogram(ref, edges)[0] / len(ref) + 1e-6
    q = np.histogram(cur, edges)[0] / len(cur) + 1e-6
    np.sum((q - p) * np.log(q / p)); jensenshannon(p, q)
for ref, cur in meta["categorical"]:
    keys = sorted(set(ref) | set(cur))
    table = np.array([[ref.get(k, 0) for k in keys], [cur.get(k, 0) for k in keys]])
    stats.chi2_contingency(table); jensenshannon(table[0] / table[0].sum(), table[1] / table[1].sum())
print(time.perf_counter() - started)
`;

export interface RawSide {
  numerical: number[][];
  categorical: Map<string, number>[];
}

export function scipyWindow(reference: RawSide, window: RawSide): { ms: number } | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `${PYTHON} with scipy not found` };
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  try {
    const arrays = reference.numerical.flatMap((ref, i) => [ref, window.numerical[i]!]);
    writeFileSync(join(dir, 'values.f64'), new Uint8Array(Float64Array.from(arrays.flat()).buffer));
    const meta = {
      numerical: reference.numerical.map((ref, i) => [ref.length, window.numerical[i]!.length]),
      categorical: reference.categorical.map((ref, i) => [
        Object.fromEntries(ref),
        Object.fromEntries(window.categorical[i]!),
      ]),
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const run = spawnSync(PYTHON, ['-c', SCRIPT, join(dir, 'values.f64'), join(dir, 'meta.json')], {
      encoding: 'utf8',
    });
    if (run.status !== 0) return { skipped: `python failed: ${run.stderr.trim().split('\n').pop()}` };
    return { ms: Number(run.stdout.trim()) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
