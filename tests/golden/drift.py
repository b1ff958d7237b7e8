"""Golden values for src/stats/drift: SciPy 1.10 / numpy on seeded data.

Run with Debian's Python (scipy 1.10, numpy 1.24):  /usr/bin/python3 tests/golden/drift.py
Writes tests/golden/drift.json. Inputs are stored (rounded to 4 decimals so the file
stays small); every expected number is computed here by SciPy or numpy from them.

Definitions (docs/statistics.md):
- KS: scipy.stats.ks_2samp(ref, cur, method="asymp"); kstwo.sf for the distribution grid.
- Wasserstein: scipy.stats.wasserstein_distance / max(numpy std(ref, ddof=0), 0.001).
- Bins: inner edges = np.unique(np.quantile(ref, [0.1 .. 0.9])) (default linear method);
  a value v falls in bin np.searchsorted(edges, v, side="left"), i.e. bins (e_{i-1}, e_i].
  A numerical reference with <= 5 distinct values is binned one bin per distinct value
  (edges = np.unique(ref)).
- PSI, Jensen-Shannon, Hellinger, L-infinity, chi-square and z-test: drift_definitions.py.

Other projects' published vectors (Frouros, Evidently, NannyML), recomputed here under our
definitions next to the number each project prints: drift_published.py.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

from drift_definitions import chi_square, distances, z_test
from drift_published import published

assert scipy.__version__.startswith("1.10"), scipy.__version__

DECILES = [i / 10 for i in range(1, 10)]


def r4(x):
    return np.round(np.asarray(x, dtype=float), 4)


def present(values):
    return np.array([v for v in values if v is not None and not math.isnan(v)], dtype=float)


def bin_counts(values, edges):
    idx = np.searchsorted(edges, values, side="left")
    return np.bincount(idx, minlength=len(edges) + 1).tolist()


def numerical_case(name, ref, cur):
    a, b = present(ref), present(cur)
    ks = stats.ks_2samp(a, b, method="asymp")
    discrete = len(np.unique(a)) <= 5
    edges = np.unique(a) if discrete else np.unique(np.quantile(a, DECILES))
    rc, cc = bin_counts(a, edges), bin_counts(b, edges)
    d = distances(rc, cc)
    expected = {
        "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
        "wasserstein": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
        "referenceStd": float(np.std(a)),
        "distinct": int(len(np.unique(a))),
        "discrete": bool(discrete),
        "edges": edges.tolist(),
        "refBinCounts": rc,
        "curBinCounts": cc,
        "psi": d["psi"],
        "jensenShannon": d["jensenShannon"],
        "hellinger": d["hellinger"],
        "lInfinity": d["lInfinity"],
        "chiSquare": chi_square(rc, cc),
    }
    if discrete and len(edges) == 2:
        expected["zTest"] = z_test([rc[0], sum(rc[1:])], [cc[0], sum(cc[1:])])
    to_json = lambda xs: [None if v is None or math.isnan(v) else float(v) for v in xs]
    return {"name": name, "ref": to_json(ref), "cur": to_json(cur), "expected": expected}


def numerical_cases():
    rng = np.random.default_rng(20240501)
    cases = []
    add = lambda name, ref, cur: cases.append(numerical_case(name, list(ref), list(cur)))
    add("normal shift 1000/1000", r4(rng.normal(0, 1, 1000)), r4(rng.normal(0.3, 1, 1000)))
    add("scale change 2000/1500", r4(rng.normal(0, 1, 2000)), r4(rng.normal(0, 1.5, 1500)))
    add("lognormal 5000/5000", r4(rng.lognormal(0, 1, 5000)), r4(rng.lognormal(0.1, 1.1, 5000)))
    add("small integers poisson 800/1200", rng.poisson(2, 800), rng.poisson(2.3, 1200))
    add("four integer values 600/900", rng.choice(4, 600, p=[0.4, 0.3, 0.2, 0.1]), rng.choice(4, 900, p=[0.3, 0.3, 0.2, 0.2]))
    add("two values 0/1 700/700", rng.choice(2, 700, p=[0.7, 0.3]), rng.choice(2, 700, p=[0.6, 0.4]))
    add("constant reference 300/300", np.full(300, 3.0), np.where(rng.random(300) < 0.1, 3.5, 3.0))
    add("year-like 2020±3 10000/10000", 2020 + np.round(rng.normal(0, 3, 10000)), 2020 + np.round(rng.normal(0.5, 3, 10000)))
    bimodal = lambda n, w: np.where(rng.random(n) < w, rng.normal(-2, 0.5, n), rng.normal(2, 0.5, n))
    add("bimodal mix 3000/3000", r4(bimodal(3000, 0.5)), r4(bimodal(3000, 0.6)))
    add("no drift 100/100", r4(rng.normal(5, 2, 100)), r4(rng.normal(5, 2, 100)))
    add("sizes 100/10000", r4(rng.normal(0, 1, 100)), r4(rng.normal(0.1, 1, 10000)))
    add("sizes 10000/150", r4(rng.normal(0, 1, 10000)), r4(rng.normal(0.5, 1, 150)))
    add("ties on a 0.1 grid 2000/2000", np.round(rng.normal(0, 1, 2000), 1), np.round(rng.normal(0.05, 1, 2000), 1))
    same = r4(rng.normal(0, 1, 500))
    add("identical samples 500/500", same, same)
    with_missing = lambda xs: [None if i % 7 == 0 else v for i, v in enumerate(xs)]
    add("missing values 1000/800", with_missing(r4(rng.normal(0, 1, 1000))), with_missing(r4(rng.normal(0.2, 1, 800))))
    return cases


def ks_small_cases():
    """ks_2samp on small and odd sample sizes: exercises N = round(nm/(n+m)) half to even."""
    rng = np.random.default_rng(7)
    out = []
    for n, m in [(1, 2), (2, 3), (3, 3), (5, 5), (4, 12), (7, 9), (20, 30), (50, 50), (100, 100), (141, 500), (300, 280)]:
        a, b = r4(rng.normal(0, 1, n)), r4(rng.normal(0.4, 1, m))
        res = stats.ks_2samp(a, b, method="asymp")
        out.append({"ref": a.tolist(), "cur": b.tolist(), "statistic": float(res.statistic), "pValue": float(res.pvalue)})
    return out


def kstwo_grid():
    """kstwo.sf(d, n) across every branch of Simard & L'Ecuyer's method selection."""
    ns = [2, 3, 5, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 2500, 5000, 20000, 100000, 100001, 300000, 2000000]
    ds = [0.0001, 0.001, 0.004, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.9, 0.99]
    return [{"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))} for n in ns for d in ds]


def categorical_case(name, ref, cur):
    cats = list(dict.fromkeys([str(v) for v in ref] + [str(v) for v in cur]))
    rc = [sum(1 for v in ref if str(v) == c) for c in cats]
    cc = [sum(1 for v in cur if str(v) == c) for c in cats]
    expected = {"categories": cats, "refCounts": rc, "curCounts": cc, "chiSquare": chi_square(rc, cc), **distances(rc, cc)}
    if len(cats) == 2:
        expected["zTest"] = z_test(rc, cc)
    return {"name": name, "ref": list(ref), "cur": list(cur), "expected": expected}


def categorical_cases():
    rng = np.random.default_rng(99)
    five = ["red", "green", "blue", "cyan", "black"]
    cases = [
        categorical_case("Frouros chi-square vector", list("aabaab"), list("bacccc")),
        categorical_case("NannyML L-infinity vector", list("aabbcc"), list("aabbccd")),
        categorical_case(
            "five categories 1000/800",
            rng.choice(five, 1000, p=[0.3, 0.25, 0.2, 0.15, 0.1]).tolist(),
            rng.choice(five, 800, p=[0.25, 0.25, 0.2, 0.15, 0.15]).tolist(),
        ),
        categorical_case(
            "new category in window 400/500",
            rng.choice(["x", "y", "z"], 400).tolist(),
            rng.choice(["x", "y", "z", "w"], 500, p=[0.3, 0.3, 0.3, 0.1]).tolist(),
        ),
        categorical_case(
            "category missing from window 600/300",
            rng.choice(["p", "q", "r", "s"], 600).tolist(),
            rng.choice(["p", "q", "r"], 300).tolist(),
        ),
        categorical_case(
            "two categories 500/700",
            rng.choice(["yes", "no"], 500, p=[0.55, 0.45]).tolist(),
            rng.choice(["yes", "no"], 700, p=[0.48, 0.52]).tolist(),
        ),
        categorical_case("two categories identical shares 100/200", ["a"] * 40 + ["b"] * 60, ["a"] * 80 + ["b"] * 120),
        categorical_case("one category 50/80", ["only"] * 50, ["only"] * 80),
    ]
    # Large counts with a tiny p-value: stored as counts, not raw values.
    rc, cc = [9000, 6000, 3000, 2000], [6500, 6500, 4000, 3000]
    big = {"chiSquare": chi_square(rc, cc), **distances(rc, cc)}
    cases.append({"name": "large counts, tiny p 20000/20000", "counts": True, "expected": {"categories": ["a", "b", "c", "d"], "refCounts": rc, "curCounts": cc, **big}})
    zc = {"name": "two categories large counts", "counts": True,
          "expected": {"categories": ["a", "b"], "refCounts": [12000, 8000], "curCounts": [10500, 9500],
                       "chiSquare": chi_square([12000, 8000], [10500, 9500]), "zTest": z_test([12000, 8000], [10500, 9500]),
                       **distances([12000, 8000], [10500, 9500])}}
    cases.append(zc)
    return cases


def main():
    out = {
        "generator": "tests/golden/drift.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "numerical": numerical_cases(),
        "ksSmall": ks_small_cases(),
        "kstwo": kstwo_grid(),
        "categorical": categorical_cases(),
        "published": published(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"wrote {path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
