"""Golden values for the drift onset (docs/statistics.md#drift-onset).

Run with Debian's Python (numpy 1.24):  /usr/bin/python3 tests/golden/onset.py
Writes tests/golden/onset.json: seeded series (a step in the mean with noise, a ramp as a
sliding window makes of a step, a step in a share with many zeros, no change at all) and the
maximum-likelihood change point of each, found here by brute force: the split k (1 .. n-1) whose
two segments leave the least within-segment squared error, sum((x[:k] - mean)^2) +
sum((x[k:] - mean)^2), the first k on a tie. (The TypeScript finds it through the standardized
CUSUM; the two are the same split, since the total squared error is the within part plus
k(n-k)/n (mean1 - mean2)^2.)
"""
import json
import os

import numpy as np


def change_point(x):
    x = np.asarray(x, float)
    n = len(x)
    costs = [np.sum((x[:k] - x[:k].mean()) ** 2) + np.sum((x[k:] - x[k:].mean()) ** 2) for k in range(1, n)]
    best = min(costs)
    return 1 + next(i for i, c in enumerate(costs) if c <= best * (1 + 1e-12) + 1e-300)


def main():
    rng = np.random.default_rng(20261205)
    series = {
        "step at 30 of 60": np.concatenate([rng.normal(0.05, 0.02, 30), rng.normal(0.25, 0.02, 30)]),
        "small step at 70 of 100": np.concatenate([rng.normal(0.1, 0.05, 70), rng.normal(0.15, 0.05, 30)]),
        "ramp of 5 from 40 of 80": np.concatenate(
            [rng.normal(0.05, 0.01, 40), np.linspace(0.05, 0.3, 6)[1:], rng.normal(0.3, 0.01, 35)]
        ),
        "share with zeros, step at 200 of 240": np.concatenate(
            [np.where(rng.uniform(size=200) < 0.9, 0.0, 0.05), rng.uniform(0.4, 0.7, 40)]
        ),
        "no change": rng.normal(0.1, 0.03, 50),
    }
    out = [{"name": k, "values": np.round(v, 6).tolist(), "expected": change_point(np.round(v, 6))} for k, v in series.items()]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "onset.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
