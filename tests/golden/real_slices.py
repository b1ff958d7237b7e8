"""Control and shifted slices of scikit-learn's bundled data sets, for the noise-aware verdicts
(docs/statistics.md#noise-aware-verdicts).

Run with Debian's Python (scipy 1.10, numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 tests/golden/real_slices.py
Writes tests/golden/real_slices.json:

- digits (load_digits: 1,797 rows, 64 pixels valued 0-16): a 1,010-row reference drawn at
  random; three control windows of 180 rows drawn from the other rows; a shifted window of 180
  other rows showing only the digits 0 and 1. Rows are stored as 64 base-17 characters.
- breast cancer (load_breast_cancer: 569 rows, 30 measurements): a 444-row reference drawn at
  random; the other 125 rows as the control window; a shifted window of 125 malignant rows.

Per window and feature, SciPy's numbers under docs/statistics.md's definitions (drift.py's
numerical_case: decile bins, scipy.stats.ks_2samp asymp, wasserstein_distance, jensenshannon),
so the test can check its statistics before it checks the verdicts.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits

from drift import numerical_case

DIGITS = "0123456789abcdefg"


def expected(ref, cur):
    out = []
    for j in range(ref.shape[1]):
        e = numerical_case("", ref[:, j].tolist(), cur[:, j].tolist())["expected"]
        out.append(
            {
                "ks": e["ks"]["pValue"],
                "wasserstein": e["wasserstein"],
                "jensenShannon": e["jensenShannon"],
                "discrete": e["discrete"],
            }
        )
    return out


def digits(rng):
    data = load_digits()
    x, y = data.data.astype(int), data.target
    order = rng.permutation(len(x))
    ref_idx, rest = order[:1010], order[1010:]
    windows = {f"control {i + 1}": rest[i * 180 : (i + 1) * 180] for i in range(3)}
    zero_one = rest[np.isin(y[rest], [0, 1])]
    windows["digits 0 and 1 only"] = zero_one[:180]
    encode = lambda rows: ["".join(DIGITS[v] for v in row) for row in x[rows]]
    return {
        "features": [f"pixel_{i}" for i in range(64)],
        "encoding": "base17",
        "reference": encode(ref_idx),
        "windows": [
            {"name": name, "shifted": name.startswith("digits"), "rows": encode(idx), "expected": expected(x[ref_idx], x[idx])}
            for name, idx in windows.items()
        ],
    }


def breast_cancer(rng):
    data = load_breast_cancer()
    x, y = data.data, data.target
    order = rng.permutation(len(x))
    ref_idx, control = order[:444], order[444:]
    malignant = rng.permutation(np.flatnonzero(y == 0))[:125]
    rows = lambda idx: x[idx].tolist()
    return {
        "features": data.feature_names.tolist(),
        "encoding": "numbers",
        "reference": rows(ref_idx),
        "windows": [
            {"name": "control", "shifted": False, "rows": rows(control), "expected": expected(x[ref_idx], x[control])},
            {
                "name": "malignant only",
                "shifted": True,
                "rows": rows(malignant),
                "expected": expected(x[ref_idx], x[malignant]),
            },
        ],
    }


def main():
    rng = np.random.default_rng(20261205)
    out = {"digits": digits(rng), "breastCancer": breast_cancer(rng)}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "real_slices.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
