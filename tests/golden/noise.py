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
- wasserstein: the limit Z's mean and variance by simulation: sqrt(n) * W1 / std, with W1 by
  scipy.stats.wasserstein_distance, over 4,000 windows of n = 4,000 drawn from the reference
  sample; and the gamma p-value by scipy.stats.gamma.sf from the moments of the grid formula,
  which is also computed here with numpy.
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
GRID = 128


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


def grid_moments(ref):
    """The grid formula of docs/statistics.md, in numpy."""
    std = max(float(np.std(ref)), 0.001)
    x = np.quantile(ref, np.arange(GRID + 1) / GRID)
    widths = np.diff(x) / std
    keep = widths > 0
    u = ((np.arange(GRID) + 0.5) / GRID)[keep]
    w = widths[keep]
    sd = np.sqrt(u * (1 - u))
    mean = math.sqrt(2 / math.pi) * float(np.sum(w * sd))
    s, t = np.meshgrid(u, u, indexing="ij")
    rho = np.minimum(1, (np.minimum(s, t) - s * t) / np.outer(sd, sd))
    e_abs = (2 / math.pi) * np.outer(sd, sd) * (np.sqrt(1 - rho**2) + rho * np.arcsin(rho))
    return mean, max(0.0, float(np.sum(np.outer(w, w) * e_abs)) - mean * mean)


def wasserstein_cases(rng):
    out = []
    for name, ref in [
        ("normal", rng.normal(10, 2, 3000)),
        ("exponential", rng.exponential(1.0, 3000)),
        ("uniform", rng.uniform(-1, 1, 3000)),
    ]:
        ref = np.round(ref, 4)
        std = max(float(np.std(ref)), 0.001)
        n = 4000
        z = np.array(
            [math.sqrt(n) * stats.wasserstein_distance(ref, rng.choice(ref, n)) / std for _ in range(4000)]
        )
        mean, var = grid_moments(ref)
        cur = np.round(rng.normal(10.3, 2, 200) if name == "normal" else rng.choice(ref, 200) + 0.1, 4)
        w = stats.wasserstein_distance(ref, cur) / std
        zo = w / math.sqrt(1 / len(cur) + 1 / len(ref))
        out.append(
            {
                "name": name,
                "ref": ref.tolist(),
                "cur": cur.tolist(),
                "expected": {
                    "simulatedMean": float(z.mean()),
                    "simulatedVariance": float(z.var()),
                    "mean": mean,
                    "variance": var,
                    "wasserstein": float(w),
                    "noisePValue": gamma_sf(zo, mean, var),
                },
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
