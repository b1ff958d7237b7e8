"""Golden values for `modelwatch report`: whole evaluations of small seeded files.

Run with Debian's Python (scipy 1.10, numpy 1.24, sklearn):  /usr/bin/python3 tests/golden/report.py
Writes tests/golden/report.json: a model spec, and per case the reference and current rows
(which the tests write out as CSV and NDJSON files) with the evaluation SciPy, numpy and
scikit-learn give for them. The measure definitions are drift.py's (imported from it) and
performance.py's; what this script adds is the wiring a report does:
- default method from the reference (docs/statistics.md): <= 1000 reference rows, so KS
  for numerical features with more than 5 distinct values, else chi-square (z-test for two);
- a categorical feature's categories in a fixed order, most frequent reference category first
  (ties by name), then categories only in the window; the z-test is on the first one;
- verdicts: p < 0.05 for tests; dataset drift when drifted / evaluated >= 0.5;
- data quality: missing / rows, out-of-range / present values (outside [min, max] of the
  reference), unseen categories / present values;
- the prediction drifts as a categorical feature ("0"/"1"), the score as a numerical one.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))
from drift import DECILES, bin_counts, chi_square, distances, z_test  # noqa: E402
from performance import binary_expected  # noqa: E402

OUT = Path(__file__).with_suffix(".json")
SPEC = {
    "name": "credit",
    "task": "binary_classification",
    "positiveClass": 1,
    "features": [
        {"name": "age", "type": "numerical"},
        {"name": "income", "type": "numerical"},
        {"name": "city", "type": "categorical"},
        {"name": "member", "type": "categorical"},
        {"name": "kids", "type": "numerical"},
    ],
}
P_METHODS = {"ks", "chiSquare", "zTest"}
THRESHOLDS = {"ks": 0.05, "chiSquare": 0.05, "zTest": 0.05}


def rows(rng, n, shift):
    out = []
    for _ in range(n):
        age = round(float(rng.normal(40 + 6 * shift, 10)), 2)
        income = round(float(rng.lognormal(10, 0.5)), 2)
        city = str(rng.choice(["a", "b", "c", "d"] if shift else ["a", "b", "c"], p=None))
        member = "yes" if rng.random() < 0.3 + 0.25 * shift else "no"
        kids = int(rng.integers(0, 3))
        score = round(float(1 / (1 + math.exp(-(age - 42) / 8))), 4)
        actual = int(rng.random() < score)
        out.append(
            {
                "features": {
                    "age": None if rng.random() < 0.04 else age,
                    "income": income,
                    "city": None if rng.random() < 0.02 else city,
                    "member": member,
                    "kids": kids,
                },
                "score": score,
                "prediction": int(score >= 0.5),
                "actual": None if rng.random() < 0.1 else actual,
            }
        )
    return out


def column(rs, name):
    return [r["features"][name] for r in rs]


def numerical(ref, cur):
    a = np.array([v for v in ref if v is not None], float)
    b = np.array([v for v in cur if v is not None], float)
    distinct = np.unique(a)
    discrete = len(distinct) <= 5
    edges = distinct if discrete else np.unique(np.quantile(a, DECILES))
    rc, cc = bin_counts(a, edges), bin_counts(b, edges)
    d = distances(rc, cc)
    ks = stats.ks_2samp(a, b, method="asymp")
    measures = {
        "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
        "wasserstein": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
        "psi": d["psi"],
        "jensenShannon": d["jensenShannon"],
        "hellinger": d["hellinger"],
    }
    if discrete:
        measures["chiSquare"] = chi_square(rc, cc)
        measures["lInfinity"] = d["lInfinity"]
        if len(distinct) == 2:
            measures["zTest"] = z_test([rc[0], sum(rc[1:])], [cc[0], sum(cc[1:])])
        method = "zTest" if len(distinct) == 2 else "chiSquare"
    else:
        method = "ks"
    out_of_range = int(np.sum((b < a.min()) | (b > a.max())))
    quality = {"outOfRangeShare": out_of_range / len(b), "unseenCategoryShare": None}
    return "numerical", method, measures, quality


def categorical(ref, cur):
    rcount, ccount = {}, {}
    for v in ref:
        if v is not None:
            rcount[v] = rcount.get(v, 0) + 1
    for v in cur:
        if v is not None:
            ccount[v] = ccount.get(v, 0) + 1
    order = sorted(rcount, key=lambda c: (-rcount[c], c))
    order += [c for c in ccount if c not in rcount]
    rc = [rcount.get(c, 0) for c in order]
    cc = [ccount.get(c, 0) for c in order]
    d = distances(rc, cc)
    measures = {"chiSquare": chi_square(rc, cc), **d}
    if len(rcount) == 2:
        measures["zTest"] = z_test([rc[0], sum(rc[1:])], [cc[0], sum(cc[1:])])
    method = "zTest" if len(rcount) == 2 else "chiSquare"
    unseen = sum(n for c, n in ccount.items() if c not in rcount)
    quality = {"outOfRangeShare": None, "unseenCategoryShare": unseen / sum(ccount.values())}
    return "categorical", method, measures, quality


def feature(name, ref, cur, kind):
    ftype, method, measures, quality = (numerical if kind == "numerical" else categorical)(ref, cur)
    value = measures[method]
    statistic, p = (value["statistic"], value["pValue"]) if method in P_METHODS else (value, None)
    drifted = p < THRESHOLDS[method] if method in P_METHODS else None
    missing = sum(v is None for v in cur)
    return {
        "name": name,
        "type": ftype,
        "method": method,
        "statistic": statistic,
        "pValue": p,
        "drifted": bool(drifted),
        "measures": measures,
        "quality": {"missingShare": missing / len(cur), **quality},
    }


def evaluation(ref, cur):
    features = [feature(f["name"], column(ref, f["name"]), column(cur, f["name"]), f["type"]) for f in SPEC["features"]]
    share = sum(f["drifted"] for f in features) / len(features)
    labelled = [r for r in cur if r["actual"] is not None]
    perf = binary_expected(
        [r["actual"] for r in labelled], [r["prediction"] for r in labelled], [r["score"] for r in labelled]
    )
    return {
        "datasetDrift": {"share": share, "drifted": share >= 0.5},
        "features": features,
        "prediction": feature("prediction", [str(r["prediction"]) for r in ref], [str(r["prediction"]) for r in cur], "categorical"),
        "score": feature("score", [r["score"] for r in ref], [r["score"] for r in cur], "numerical"),
        "performance": {"labelled": len(labelled), "coverage": len(labelled) / len(cur), "metrics": perf},
    }


def main():
    rng = np.random.default_rng(20261126)
    reference = rows(rng, 400, 0)
    cases = []
    for name, shift in (("stable", 0), ("drifted", 1)):
        current = rows(rng, 300, shift)
        cases.append({"name": name, "current": current, "expected": evaluation(reference, current)})
    assert not cases[0]["expected"]["datasetDrift"]["drifted"], "the stable case must not drift"
    assert cases[1]["expected"]["datasetDrift"]["drifted"], "the drifted case must drift"
    golden = {"spec": SPEC, "reference": reference, "cases": cases}
    OUT.write_text(json.dumps(golden, allow_nan=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
