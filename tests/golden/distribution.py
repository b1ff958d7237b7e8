"""Golden values for src/stats/summaries/numeric-distribution.ts: numpy on literal data.

Run with any Python with numpy (written with numpy 2.4):  python3 tests/golden/distribution.py
Writes tests/golden/distribution.json. Every expected number is computed here by numpy:
- edges and counts: numpy.histogram(ref + cur, bins) -- the edges span the union of both sides,
  and each side is then counted on those edges, numpy.histogram(side, edges);
- quantiles: numpy.quantile(side, q) (default method "linear").
Few distinct values per side, so the summaries hold them exactly and the counts must be equal.
"""
import json
import os

import numpy as np

QUANTILES = {"p1": 0.01, "p5": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95, "p99": 0.99}

CASES = [
    # small integers, values on edges, 40 bins over 0..12
    ("integers", [0, 0, 1, 1, 1, 2, 3, 3, 5, 5, 5, 5, 9], [1, 2, 2, 2, 4, 4, 7, 10, 10, 12], 40),
    ("integers-5-bins", [0, 0, 1, 1, 1, 2, 3, 3, 5, 5, 5, 5, 9], [1, 2, 2, 2, 4, 4, 7, 10, 10, 12], 5),
    # tenths: edges are not exact binary fractions, values sit near them
    ("tenths", [i / 10 for i in range(0, 21)] * 3, [0.3, 0.5, 0.5, 0.7, 1.1, 2.5, 2.5, 2.5], 40),
    # one constant value on both sides: numpy's range (v - 0.5, v + 0.5)
    ("constant", [7, 7, 7], [7], 40),
    # wide and negative
    ("wide", [-1e6, -3, 0, 2.5, 1e6], [-250000.0, 0, 0, 999999.5], 40),
    # the window is empty: the edges span the reference alone
    ("empty-window", [3, 4, 4, 5, 8], [], 40),
    # the windows' range is beyond the reference's
    ("disjoint", [1, 2, 2, 3], [10, 11, 11, 11, 12], 7),
]


def side(values, edges):
    counts = np.histogram(np.array(values, dtype=float), edges)[0] if values else np.zeros(len(edges) - 1)
    quantiles = (
        {name: float(np.quantile(np.array(values, dtype=float), q)) for name, q in QUANTILES.items()}
        if values
        else None
    )
    return {"values": values, "counts": [int(c) for c in counts], "quantiles": quantiles}


cases = []
for name, ref, cur, bins in CASES:
    edges = np.histogram(np.array(ref + cur, dtype=float), bins)[1]
    cases.append(
        {
            "name": name,
            "bins": bins,
            "edges": [float(e) for e in edges],
            "reference": side(ref, edges),
            "current": side(cur, edges),
        }
    )

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distribution.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f)
    f.write("\n")
