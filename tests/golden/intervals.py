"""Golden values for the performance intervals (docs/statistics.md#uncertainty-of-performance).

Run with Debian's Python (scipy 1.10, numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 tests/golden/intervals.py
Writes tests/golden/intervals.json. Inputs are seeded; every expected number is computed here:

- Wilson: scipy.stats.binomtest(k, n).proportion_ci(0.95, method="wilson").
- ROC AUC: sklearn.metrics.roc_auc_score; DeLong's variance by the midrank algorithm of Sun & Xu
  (2014, "Fast implementation of DeLong's algorithm"), written here with scipy.stats.rankdata;
  the interval is auc +- norm.ppf(0.975) * sd, clipped to [0, 1].
- MAE: sklearn.metrics.mean_absolute_error +- norm.ppf(0.975) * std(|e|, ddof=1) / sqrt(n).
- CBPE with identity calibration: the expected accuracy mean(where(pred, p, 1 - p)) and its
  sampling error sqrt(sum(p(1 - p))) / n.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from sklearn.metrics import mean_absolute_error, roc_auc_score

assert scipy.__version__.startswith("1.10"), scipy.__version__
Z = float(stats.norm.ppf(0.975))


def wilson(k, n):
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=0.95, method="wilson")
    return {"low": float(ci.low), "high": float(ci.high), "standardError": math.sqrt(k / n * (1 - k / n) / n)}


def delong_variance(actual, scores):
    pos, neg = scores[actual == 1], scores[actual == 0]
    m, n = len(pos), len(neg)
    tx, ty = stats.rankdata(pos), stats.rankdata(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    v10 = (tz[:m] - tx) / n
    v01 = 1 - (tz[m:] - ty) / m
    return float(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n)


def binary_case(rng, n, name):
    latent = rng.normal(0, 1, n)
    actual = (rng.uniform(size=n) < 1 / (1 + np.exp(-2 * latent))).astype(int)
    scores = np.round(1 / (1 + np.exp(-1.5 * latent - rng.normal(0, 0.5, n))), 2)
    predicted = (scores >= 0.5).astype(int)
    tp = int(np.sum((actual == 1) & (predicted == 1)))
    fp = int(np.sum((actual == 0) & (predicted == 1)))
    fn = int(np.sum((actual == 1) & (predicted == 0)))
    tn = n - tp - fp - fn
    auc = float(roc_auc_score(actual, scores))
    sd = math.sqrt(delong_variance(actual, scores))
    return {
        "name": name,
        "actual": actual.tolist(),
        "scores": scores.tolist(),
        "expected": {
            "accuracy": wilson(tp + tn, n),
            "precision": wilson(tp, tp + fp),
            "recall": wilson(tp, tp + fn),
            "rocAuc": {"low": max(0.0, auc - Z * sd), "high": min(1.0, auc + Z * sd), "standardError": sd},
            "auc": auc,
        },
    }


def regression_case(rng, n):
    actual = np.round(rng.normal(10, 3, n), 3)
    predicted = np.round(actual + rng.standard_t(4, n), 3)
    errors = np.abs(predicted - actual)
    mae = float(mean_absolute_error(actual, predicted))
    se = float(np.std(errors, ddof=1) / math.sqrt(n))
    return {
        "actual": actual.tolist(),
        "predicted": predicted.tolist(),
        "expected": {"mae": {"low": mae - Z * se, "high": mae + Z * se, "standardError": se}},
    }


def cbpe_case(rng, n):
    p = np.round(rng.beta(2, 2, n), 3)
    predicted = p >= 0.5
    accuracy = float(np.mean(np.where(predicted, p, 1 - p)))
    se = float(math.sqrt(np.sum(p * (1 - p))) / n)
    return {
        "scores": p.tolist(),
        "expected": {"accuracy": {"low": accuracy - Z * se, "high": accuracy + Z * se, "standardError": se}},
    }


def main():
    rng = np.random.default_rng(20261205)
    out = {
        "binary": [binary_case(rng, 300, "300 pairs"), binary_case(rng, 2000, "2,000 pairs")],
        "regression": regression_case(rng, 500),
        "cbpe": cbpe_case(rng, 800),
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "intervals.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
