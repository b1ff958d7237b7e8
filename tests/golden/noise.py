"""Golden values for the null models of src/stats/drift (docs/statistics.md#noise-aware-verdicts).

Run with Debian's Python (scipy 1.10, numpy 1.24):  /usr/bin/python3 tests/golden/noise.py
Writes tests/golden/noise.json. Every expected number is computed here, independently of the
TypeScript code:

- binned: the distance by drift_definitions.distances (scipy's jensenshannon, ...); Pearson's
  moments of the multinomial (k - 1 and 2(k - 1) + (sum 1/p - k^2 - 2k + 2)/n, Cochran), checked
  here against 200,000 numpy multinomial draws; the p-value by scipy.stats.gamma.sf.
- drawn: the moments of n * (Pearson scale of the distance) over 200,000 windows drawn with
  numpy's multinomial from shares with rare bins; the TypeScript draws 1,000, so the test allows
  for their sampling error.
- lInfinity: sum of 2 * scipy.stats.norm.sf(t / sd) over the reference's bins.
- wasserstein: the tail of sqrt(n) * W1 / std under no drift, with W1 by
  scipy.stats.wasserstein_distance, over 50,000 windows of n = 150 drawn from the reference.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

from drift_definitions import distances

assert scipy.__version__.startswith("1.10"), scipy.__version__

SCALE = {"psi": lambda s: s, "jensenShannon": lambda s: 8 * math.log(2) * s * s, "hellinger": lambda s: 8 * s * s}


def pearson_moments(shares, n):
    k = len(shares)
    return k - 1, 2 * (k - 1) + (float(np.sum(1 / np.asarray(shares))) - k * k - 2 * k + 2) / n


def gamma_sf(x, mean, var):
    return float(stats.gamma.sf(x, a=mean * mean / var, scale=var / mean))


def binned_cases(rng):
    out = []
    for name, ref_counts, cur_counts in [
        ("deciles, shifted", [500] * 10, [10, 12, 14, 15, 16, 16, 18, 20, 22, 17]),
        ("deciles, same", [500] * 10, [15, 16, 14, 15, 15, 14, 16, 15, 15, 15]),
        ("five categories", [2000, 1250, 750, 500, 500], [70, 30, 20, 15, 15]),
        ("three categories, large window", [4000, 3000, 3000], [4300, 2900, 2800]),
    ]:
        n, m = sum(cur_counts), sum(ref_counts)
        shares = np.asarray(ref_counts, float) / m
        mean, var = pearson_moments(shares, n)
        # Pearson's moments, checked by simulation of a window drawn from the shares (m = infinity).
        draws = rng.multinomial(n, shares, size=200_000) / n
        x = n * np.sum((draws - shares) ** 2 / shares, axis=1)
        m_exact, v_exact = pearson_moments(shares, n)
        assert abs(x.mean() - m_exact) < 0.02 * m_exact, (x.mean(), m_exact)
        assert abs(x.var() - v_exact) < 0.03 * v_exact, (x.var(), v_exact)
        d = distances(ref_counts, cur_counts)
        expected = {}
        for method in ["psi", "jensenShannon", "hellinger"]:
            xo = SCALE[method](d[method]) / (1 / n + 1 / m)
            expected[method] = {"statistic": d[method], "noisePValue": gamma_sf(xo, mean, var)}
        sds = np.sqrt(shares * (1 - shares) * (1 / n + 1 / m))
        t = d["lInfinity"]
        expected["lInfinity"] = {
            "statistic": t,
            "noisePValue": min(1.0, float(np.sum(2 * stats.norm.sf(t / sds)))),
        }
        out.append({"name": name, "ref": ref_counts, "cur": cur_counts, "expected": expected})
    return out


def drawn_cases(rng):
    out = []
    for name, shares, n in [
        ("rare categories, n = 150", [0.4, 0.25, 0.15, 0.1, 0.07, 0.02, 0.01], 150),
        ("one very rare category, n = 300", [0.6, 0.3, 0.0995, 0.0005], 300),
    ]:
        p = np.asarray(shares, float)
        q = rng.multinomial(n, p, size=200_000) / n
        moments = {}
        for method in ["psi", "jensenShannon", "hellinger"]:
            values = np.array([distances(p, row)[method] for row in q[:20_000]])
            x = n * SCALE[method](values)
            moments[method] = {"mean": float(x.mean()), "variance": float(x.var())}
        out.append({"name": name, "shares": shares, "n": n, "expected": moments})
    return out


def wasserstein_cases(rng):
    """Windows of 150 drawn (with replacement) from the reference sample: the empirical tail of
    sqrt(150) * W1 / std at levels 1e-2, 1e-3 and 2e-4, from 50,000 windows."""
    out = []
    for name, ref in [
        ("normal", rng.normal(10, 2, 3000)),
        ("exponential", rng.exponential(1.0, 3000)),
        ("uniform", rng.uniform(-1, 1, 3000)),
    ]:
        ref = np.round(ref, 4)
        std = max(float(np.std(ref)), 0.001)
        n = 150
        z = np.sort([math.sqrt(n) * stats.wasserstein_distance(ref, rng.choice(ref, n)) / std for _ in range(50_000)])
        levels = [1e-2, 1e-3, 2e-4]
        out.append(
            {
                "name": name,
                "ref": ref.tolist(),
                "n": n,
                "tail": [{"level": q, "z": float(np.quantile(z, 1 - q))} for q in levels],
            }
        )
    return out


def main():
    rng = np.random.default_rng(20261205)
    out = {
        "binned": binned_cases(rng),
        "drawn": drawn_cases(rng),
        "wasserstein": wasserstein_cases(rng),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "noise.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
