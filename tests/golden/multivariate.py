"""Golden values for multivariate drift by data reconstruction (docs/statistics.md#multivariate-drift).

Run with Debian's Python (numpy 1.24, scikit-learn 1.2):  /usr/bin/python3 tests/golden/multivariate.py
Writes tests/golden/multivariate.json. Per case: the reference rows and windows (null = missing),
and what scikit-learn gives on them:

- SimpleImputer(strategy="mean") then StandardScaler() fitted on the reference (its means and
  scales), PCA(n_components=0.65) fitted on the standardised reference (components kept, their
  explained variance ratio);
- a row's error: the squared Euclidean distance between the standardised row and
  pca.inverse_transform(pca.transform(row)); the reference's and each window's mean error;
- the band: the reference cut in row order into 30 chunks of len // 30 rows; each chunk's mean
  error under a PCA(0.65) fitted on the standardised reference without that chunk (the scaler
  stays the whole reference's); their mean and standard deviation (ddof=1);
- the rows' out-of-fold errors (each chunk's rows under the PCA fitted without it) as a grid:
  their minimum, np.quantile at (k + 0.5) / 256 for k < 256 (linear, numpy's default), maximum;
- the null of a window's mean error: 200,000 windows of the window's size drawn with replacement
  from those out-of-fold errors (numpy, seeded); its 95th, 99th and 99.9th percentiles, at which
  the service's drawn p-value is checked; and each window's share of draws at or above its error.

Cases: "synthetic", 8 correlated features on different scales with 2% missing values, whose
"flipped" window reflects x1 about its mean (its distribution is unchanged, its correlation with
x0 flips); "breast_cancer" (load_breast_cancer's 30 measurements), a 444-row reference drawn at
random, the other 125 rows as control, and the same rows with five features each permuted
across rows (their distributions unchanged, their correlations with the rest broken).
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

CHUNKS = 30
SHARE = 0.65
GRID = 256
DRAWS = 200_000


def null_of(row_errors, n, error):
    rng = np.random.default_rng(n)
    means = np.empty(DRAWS)
    for start in range(0, DRAWS, 10_000):
        means[start : start + 10_000] = rng.choice(row_errors, size=(10_000, n)).mean(axis=1)
    levels = [0.95, 0.99, 0.999]
    return {
        "n": n,
        "percentiles": {str(p): float(np.quantile(means, p)) for p in levels},
        "shareAtOrAbove": float(np.mean(means >= error)),
    }


def errors(pca, z):
    return np.sum((z - pca.inverse_transform(pca.transform(z))) ** 2, axis=1)


def expected(ref, windows):
    imputer = SimpleImputer(strategy="mean").fit(ref)
    scaler = StandardScaler().fit(imputer.transform(ref))
    prep = lambda x: scaler.transform(imputer.transform(x))
    z = prep(ref)
    pca = PCA(n_components=SHARE).fit(z)
    size = len(ref) // CHUNKS
    chunk_errors = []
    row_errors = []
    window_errors = {name: float(errors(pca, prep(w)).mean()) for name, w in windows.items()}
    for c in range(CHUNKS):
        rows = np.arange(c * size, (c + 1) * size)
        rest = PCA(n_components=SHARE).fit(np.delete(z, rows, axis=0))
        e = errors(rest, z[rows])
        row_errors.extend(e.tolist())
        chunk_errors.append(float(e.mean()))
    return {
        "means": imputer.statistics_.tolist(),
        "scales": scaler.scale_.tolist(),
        "components": int(pca.n_components_),
        "explained": float(pca.explained_variance_ratio_.sum()),
        "referenceError": float(errors(pca, z).mean()),
        "chunks": {
            "size": size,
            "errors": chunk_errors,
            "mean": float(np.mean(chunk_errors)),
            "sd": float(np.std(chunk_errors, ddof=1)),
        },
        "windows": window_errors,
        "errorGrid": [float(np.min(row_errors))]
        + np.quantile(row_errors, (np.arange(GRID) + 0.5) / GRID).tolist()
        + [float(np.max(row_errors))],
        "null": {name: null_of(np.array(row_errors), len(w), e) for (name, w), e in zip(windows.items(), window_errors.values())},
    }


def rows_of(x):
    return [[None if np.isnan(v) else float(v) for v in row] for row in x]


def case(names, ref, windows):
    return {
        "names": names,
        "reference": rows_of(ref),
        "windows": {name: rows_of(w) for name, w in windows.items()},
        "expected": expected(ref, windows),
    }


def synthetic():
    rng = np.random.default_rng(20261205)

    def draw(n):
        f1, f2 = rng.normal(size=n), rng.normal(size=n)
        e = lambda: rng.normal(scale=0.5, size=n)
        x = np.column_stack(
            [f1 + e(), f1 + e(), -f1 + e(), f2 + e(), f2 - f1 + e(), rng.normal(size=n), f2 + e(), e()]
        )
        x = np.round(x * [10, 2, 0.5, 100, 1, 3, 7, 0.01] + [50, -3, 0, 1000, 2, 0, 20, 0.5], 4)
        x[rng.random(x.shape) < 0.02] = np.nan
        return x

    ref, control, flipped = draw(1500), draw(200), draw(200)
    mean1 = np.nanmean(ref[:, 1])
    flipped[:, 1] = np.round(2 * mean1 - flipped[:, 1], 4)
    return case([f"x{i}" for i in range(8)], ref, {"control": control, "flipped": flipped})


def breast_cancer():
    data = load_breast_cancer()
    rng = np.random.default_rng(569)
    order = rng.permutation(len(data.data))
    ref, control = data.data[order[:444]], data.data[order[444:]]
    permuted = control.copy()
    for i in range(5):
        permuted[:, i] = rng.permutation(permuted[:, i])
    return case(list(data.feature_names), ref, {"control": control, "permuted": permuted})


def main():
    out = {"synthetic": synthetic(), "breast_cancer": breast_cancer()}
    path = os.path.join(os.path.dirname(__file__), "multivariate.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    for name, c in out.items():
        e = c["expected"]
        print(name, e["components"], round(e["explained"], 3), round(e["referenceError"], 4), e["chunks"]["mean"], e["chunks"]["sd"], e["windows"])


if __name__ == "__main__":
    main()
