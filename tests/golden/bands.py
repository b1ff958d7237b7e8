"""Golden values for learned thresholds (docs/statistics.md#learned-thresholds).

Run with Debian's Python (scipy 1.10, numpy 1.24):  /usr/bin/python3 tests/golden/bands.py
Writes tests/golden/bands.json: a numerical and a categorical reference of 3,000 seeded rows, cut
in row order into 30 chunks of 100; each chunk's distances to the whole reference under
docs/statistics.md's definitions (scipy.stats.wasserstein_distance / np.std(ref); decile bins
for the numerical feature; drift_definitions.distances); their mean and standard deviation
(ddof=1); and the threshold mean + scipy.stats.t.ppf(1 - 0.00135, 29) * sqrt(1 + 1/30) * sd.
"""
import json
import math
import os

import numpy as np
from scipy import stats

from drift import bin_counts
from drift_definitions import distances

CHUNKS = 30
DECILES = [i / 10 for i in range(1, 10)]


def band(per_chunk):
    out = {}
    k = stats.t.ppf(1 - 0.00135, CHUNKS - 1) * math.sqrt(1 + 1 / CHUNKS)
    for method in per_chunk[0]:
        values = np.array([m[method] for m in per_chunk])
        mean, sd = float(values.mean()), float(values.std(ddof=1))
        out[method] = {"mean": mean, "sd": sd, "threshold": mean + k * sd}
    return out


def main():
    rng = np.random.default_rng(20261205)
    ref = np.round(rng.normal(50, 10, 3000), 3)
    edges = np.unique(np.quantile(ref, DECILES))
    size = len(ref) // CHUNKS
    numerical = []
    for c in range(CHUNKS):
        chunk = ref[c * size : (c + 1) * size]
        d = distances(bin_counts(ref, edges), bin_counts(chunk, edges))
        d["wasserstein"] = float(stats.wasserstein_distance(ref, chunk) / max(np.std(ref), 0.001))
        numerical.append(d)
    categories = np.array(["a", "b", "c", "d", "e"])
    cats = rng.choice(categories, 3000, p=[0.5, 0.2, 0.15, 0.1, 0.05])
    ref_counts = [int(np.sum(cats == k)) for k in categories]
    categorical = []
    for c in range(CHUNKS):
        chunk = cats[c * size : (c + 1) * size]
        categorical.append(distances(ref_counts, [int(np.sum(chunk == k)) for k in categories]))
    out = {
        "numerical": {"values": ref.tolist(), "expected": band(numerical)},
        "categorical": {"values": cats.tolist(), "expected": band(categorical)},
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bands.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
