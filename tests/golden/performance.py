"""Golden values for src/stats/performance and src/stats/cbpe.

Run with Debian's Python (it has scikit-learn and SciPy):
    /usr/bin/python3 tests/golden/performance.py
Writes tests/golden/performance.json next to this file. Every input is drawn from
numpy's seeded generator and written out in full (floats round-trip exactly
through JSON), so the TypeScript tests need no Python.

Where each expected value comes from:
- binary metrics: sklearn.metrics accuracy_score, precision_score, recall_score,
  f1_score, roc_auc_score, log_loss(labels=[0, 1]), brier_score_loss(pos_label=1);
  None where the value is undefined (no predicted positives, no actual positives,
  one class only), which sklearn reports as 0 with a warning or raises on;
- expected calibration error: the bins of sklearn.calibration.calibration_curve
  (strategy="uniform", n_bins=10), weighted by the share of scores in each bin;
- multiclass: accuracy_score and f1_score / precision_score / recall_score with
  average="macro" and "micro" (sklearn's default labels: classes seen in either array);
- regression: mean_absolute_error, sqrt(mean_squared_error), mean_absolute_percentage_error,
  r2_score(force_finite=False) (None where that is not finite), mean(pred - actual),
  median_absolute_error, and np.percentile(|pred - actual|, 90) (linear interpolation);
  where the absolute errors take more than 1024 distinct values (the error sketch's exact
  limit), `sketchBounds` gives np.percentile of |pred - actual| at q -/+ 0.005 for the median
  and the 90th percentile: the rank error the t-digest must stay within;
- isotonic: sklearn.isotonic.IsotonicRegression(out_of_bounds="clip") fitted thresholds
  and predictions;
- CBPE estimates: the expected confusion matrix and ROC AUC are sklearn's metrics on
  each prediction counted twice, once as a positive with weight p (its calibrated
  probability) and once as a negative with weight 1 - p;
- NannyML's calibration check: a numpy transcription of nannyml/calibration.py's
  _get_bin_index_edges and _calculate_expected_calibration_error (no sklearn equivalent).
"""

import json
import warnings
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.calibration import calibration_curve
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    median_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

warnings.simplefilter("ignore", UndefinedMetricWarning)
OUT = Path(__file__).with_suffix(".json")


def floats(a):
    return [float(v) for v in a]


def ints(a):
    return [int(v) for v in a]


# ---------- binary ----------


def ece_sklearn_bins(y, s):
    prob_true, prob_pred = calibration_curve(y, s, n_bins=10, strategy="uniform")
    bins = np.linspace(0.0, 1.0, 11)
    counts = np.bincount(np.searchsorted(bins[1:-1], s), minlength=10)
    counts = counts[counts > 0]
    return float(np.sum(counts / len(s) * np.abs(prob_pred - prob_true)))


def binary_expected(y, pred, s):
    y, pred, s = np.asarray(y), np.asarray(pred), np.asarray(s)
    tp = int(np.sum((y == 1) & (pred == 1)))
    fp = int(np.sum((y == 0) & (pred == 1)))
    fn = int(np.sum((y == 1) & (pred == 0)))
    two_classes = len(np.unique(y)) == 2
    return {
        "accuracy": accuracy_score(y, pred),
        "precision": precision_score(y, pred, zero_division=0) if tp + fp > 0 else None,
        "recall": recall_score(y, pred, zero_division=0) if tp + fn > 0 else None,
        "f1": f1_score(y, pred, zero_division=0) if tp + fp + fn > 0 else None,
        "rocAuc": roc_auc_score(y, s) if two_classes else None,
        "logLoss": log_loss(y, s, labels=[0, 1]),
        "brier": brier_score_loss(y, s, pos_label=1),
        "ece": ece_sklearn_bins(y, s),
    }


def binary_case(name, y, pred, s):
    return {
        "name": name,
        "actual": ints(y),
        "predicted": ints(pred),
        "scores": floats(s),
        "expected": binary_expected(y, pred, s),
    }


def binary_cases(rng):
    cases = []
    x = rng.normal(size=400)
    s = expit(0.3 + 1.5 * x)
    y = rng.binomial(1, expit(0.1 + 1.2 * x))
    cases.append(binary_case("logistic", y, (s >= 0.5).astype(int), s))

    # Scores on a 0.1 grid: many ties, and scores exactly on the calibration-bin edges.
    s = np.round(rng.uniform(0, 1, 300), 1)
    y = rng.binomial(1, np.clip(s, 0.05, 0.95))
    cases.append(binary_case("ties_on_edges", y, (s >= 0.5).astype(int), s))

    # Exact 0 and 1 scores, including confidently wrong ones: log loss clips them.
    s = rng.choice([0.0, 1.0, 0.3, 0.7, 1e-20, 1 - 1e-12], 200)
    y = rng.binomial(1, 0.5, 200)
    cases.append(binary_case("extremes", y, (s >= 0.5).astype(int), s))

    # The decision is not a threshold on the score (the model's own rule).
    s = rng.beta(2, 3, 250)
    y = rng.binomial(1, s)
    pred = rng.binomial(1, 0.4, 250)
    cases.append(binary_case("decision_not_threshold", y, pred, s))

    s = rng.uniform(0, 1, 120)
    cases.append(binary_case("no_positives", np.zeros(120, int), (s >= 0.5).astype(int), s))

    s = rng.uniform(0, 0.4, 150)
    y = rng.binomial(1, s)
    cases.append(binary_case("no_predicted_positive", y, np.zeros(150, int), s))

    s = rng.uniform(0, 0.4, 80)
    cases.append(binary_case("all_negative_both", np.zeros(80, int), np.zeros(80, int), s))

    # Narrow score ranges, for the summary's ROC AUC against sklearn's exact one.
    n = 1500
    for nm, lo, width in [("narrow_0.95_1.0", 0.95, 0.05), ("narrow_0.999_1.0", 0.999, 0.001)]:
        y = rng.binomial(1, 0.5, n)
        s = lo + width * np.where(y == 1, rng.beta(3, 2, n), rng.beta(2, 3, n))
        s = np.minimum(s, 1.0)
        cases.append(binary_case(nm, y, (s >= lo + width / 2).astype(int), s))
    return cases


# ---------- multiclass ----------


def multiclass_case(name, classes, actual, predicted):
    kw = dict(zero_division=0)
    return {
        "name": name,
        "classes": classes,
        "actual": list(actual),
        "predicted": list(predicted),
        "expected": {
            "accuracy": accuracy_score(actual, predicted),
            "macroF1": f1_score(actual, predicted, average="macro", **kw),
            "microF1": f1_score(actual, predicted, average="micro", **kw),
            "macroPrecision": precision_score(actual, predicted, average="macro", **kw),
            "macroRecall": recall_score(actual, predicted, average="macro", **kw),
        },
    }


def multiclass_cases(rng):
    classes = ["cat", "dog", "fish"]
    actual = rng.choice(classes, 300, p=[0.5, 0.3, 0.2])
    noise = rng.choice(classes, 300)
    predicted = np.where(rng.uniform(size=300) < 0.7, actual, noise)
    cases = [multiclass_case("three_classes", classes, actual, predicted)]

    # "e" is never predicted, "d" never occurs, "z" is in the class list but seen nowhere.
    classes = ["a", "b", "c", "d", "e", "z"]
    actual = rng.choice(["a", "b", "c", "e"], 200)
    predicted = np.where(
        rng.uniform(size=200) < 0.6, np.where(actual == "e", "a", actual), rng.choice(["a", "b", "c", "d"], 200)
    )
    cases.append(multiclass_case("absent_classes", classes, actual, predicted))
    return cases


# ---------- regression ----------


SKETCH_EXACT_LIMIT = 1024
SKETCH_RANK_ERROR = 0.005


def regression_case(name, actual, predicted):
    actual, predicted = np.asarray(actual, float), np.asarray(predicted, float)
    r2 = r2_score(actual, predicted, force_finite=False) if len(actual) >= 2 else float("nan")
    abs_errors = np.abs(predicted - actual)
    case = {
        "name": name,
        "actual": floats(actual),
        "predicted": floats(predicted),
        "expected": {
            "mae": mean_absolute_error(actual, predicted),
            "rmse": float(np.sqrt(mean_squared_error(actual, predicted))),
            "mape": mean_absolute_percentage_error(actual, predicted),
            "r2": float(r2) if np.isfinite(r2) else None,
            "meanError": float(np.mean(predicted - actual)),
            "medianAbsoluteError": float(median_absolute_error(actual, predicted)),
            "p90AbsoluteError": float(np.percentile(abs_errors, 90)),
        },
    }
    if len(np.unique(abs_errors)) > SKETCH_EXACT_LIMIT:
        bounds = lambda q: floats(np.percentile(abs_errors, [100 * (q - SKETCH_RANK_ERROR), 100 * (q + SKETCH_RANK_ERROR)]))
        case["sketchBounds"] = {"medianAbsoluteError": bounds(0.5), "p90AbsoluteError": bounds(0.9)}
    return case


def regression_cases(rng):
    y = rng.normal(50, 10, 300)
    cases = [regression_case("normal", y, y + rng.normal(1, 4, 300))]
    y = 2020 + rng.integers(-3, 4, 250).astype(float)
    cases.append(regression_case("year_like", y, y + rng.normal(0, 1.5, 250)))
    # An actual of exactly 0: sklearn divides by machine epsilon, so MAPE is huge.
    y = np.r_[0.0, rng.normal(5, 2, 99)]
    cases.append(regression_case("zero_actual", y, y + rng.normal(0, 1, 100)))
    cases.append(regression_case("constant_actual", np.full(40, 3.5), 3.5 + rng.normal(0, 1, 40)))
    cases.append(regression_case("single", [2.0], [2.5]))
    # Enough distinct errors that tiles' error sketches leave exact mode (inputs to 3 decimals).
    # Its own generator, so that the cases drawn after this one stay as they were.
    own = np.random.default_rng(20240612)
    y = np.round(own.lognormal(3, 0.8, 5000), 3)
    cases.append(regression_case("heavy_tailed_errors", y, np.round(y + own.standard_t(3, 5000) * 2, 3)))
    return cases


# ---------- isotonic ----------


def isotonic_case(name, x, y, query, weight=None):
    model = IsotonicRegression(out_of_bounds="clip").fit(x, y, sample_weight=weight)
    return {
        "name": name,
        "x": floats(x),
        "y": floats(y),
        "weight": None if weight is None else floats(weight),
        "query": floats(query),
        "expected": {
            "thresholdsX": floats(model.X_thresholds_),
            "thresholdsY": floats(model.y_thresholds_),
            "predicted": floats(model.predict(query)),
        },
    }


def isotonic_cases(rng):
    query = np.r_[-0.5, np.linspace(0, 1, 41), 1.5]
    s = rng.uniform(0, 1, 300)
    cases = [isotonic_case("bernoulli", s, rng.binomial(1, s**2), np.r_[query, s[:20]])]
    s = np.round(rng.uniform(0, 1, 300), 2)
    cases.append(isotonic_case("tied_x", s, rng.binomial(1, s), query))
    s = rng.uniform(0.2, 0.8, 150)
    cases.append(isotonic_case("weighted", s, rng.normal(s, 0.2), query, rng.uniform(0.1, 3, 150)))
    s = np.linspace(0.1, 0.9, 30)
    cases.append(isotonic_case("decreasing", s, 1 - s, query))
    cases.append(isotonic_case("single_x", np.full(10, 0.4), rng.binomial(1, 0.5, 10), query))
    # x values closer than 1e-15 (sklearn merges them as one value).
    x = np.array([0.5, 0.5 + 1.1e-16, 0.25, 0.75, 0.75, 0.5 - 1.1e-16])
    cases.append(isotonic_case("near_equal_x", x, np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0]), query))
    return cases


# ---------- CBPE ----------


def cbpe_expected(p, s, pred):
    """Metrics of the expected confusion matrix, via sklearn on doubled, weighted rows."""
    p, s, pred = np.asarray(p), np.asarray(s), np.asarray(pred)
    y2 = np.r_[np.ones(len(p)), np.zeros(len(p))]
    pred2 = np.r_[pred, pred]
    s2 = np.r_[s, s]
    w2 = np.r_[p, 1 - p]
    return {
        "accuracy": accuracy_score(y2, pred2, sample_weight=w2),
        "precision": precision_score(y2, pred2, sample_weight=w2),
        "recall": recall_score(y2, pred2, sample_weight=w2),
        "f1": f1_score(y2, pred2, sample_weight=w2),
        "rocAuc": roc_auc_score(y2, s2, sample_weight=w2),
    }


def cbpe_cases(rng):
    cases = []
    # Reference: miscalibrated scores (true probability is score^2). Analysis window shifted.
    ref_s = rng.beta(2, 2, 600)
    ref_y = rng.binomial(1, ref_s**2)
    model = IsotonicRegression(out_of_bounds="clip").fit(ref_s, ref_y)
    win_s = rng.beta(3, 2, 400)
    pred = (win_s >= 0.5).astype(int)
    p = model.predict(win_s)
    cases.append(
        {
            "name": "isotonic_shifted",
            "referenceScores": floats(ref_s),
            "referenceActual": ints(ref_y),
            "calibration": {"x": floats(model.X_thresholds_), "y": floats(model.y_thresholds_)},
            "scores": floats(win_s),
            "predicted": ints(pred),
            "calibrated": floats(p),
            "expected": cbpe_expected(p, win_s, pred),
        }
    )
    # Identity calibration, ties in the scores, decision not a threshold.
    win_s = np.round(rng.uniform(0, 1, 300), 2)
    pred = rng.binomial(1, 0.5, 300)
    cases.append(
        {
            "name": "identity_ties",
            "calibration": None,
            "scores": floats(win_s),
            "predicted": ints(pred),
            "calibrated": floats(win_s),
            "expected": cbpe_expected(win_s, win_s, pred),
        }
    )
    return cases


# ---------- NannyML's calibration check ----------


def nanny_bin_edges(n, bins):
    if n <= 2 * bins:
        bins = n // 2
    width = n // bins
    edges = list(range(0, n + 1, width))
    edges[-1] = n
    return list(zip(edges[:-1], edges[1:]))


def nanny_ece(y, p):
    order = np.argsort(p, kind="stable")
    p, y = np.asarray(p)[order], np.asarray(y)[order]
    total = 0.0
    for lo, hi in nanny_bin_edges(len(p), 10):
        total += (hi - lo) / len(p) * abs(np.mean(p[lo:hi]) - np.mean(y[lo:hi]))
    return float(total)


def nanny_cases(rng):
    out = []
    for n in [25, 10, 117, 400]:
        s = rng.uniform(0, 1, n)
        y = rng.binomial(1, s**1.5)
        out.append({"actual": ints(y), "scores": floats(s), "ece": nanny_ece(y, s)})
    return {
        "binEdges": [{"n": n, "bins": b, "edges": [list(e) for e in nanny_bin_edges(n, b)]} for n, b in
                     [(20, 4), (10, 3), (25, 10), (117, 10), (7, 10)]],
        "ece": out,
    }


def main():
    rng = np.random.default_rng(20240611)
    golden = {
        "generator": "tests/golden/performance.py",
        "versions": {"numpy": np.__version__, "sklearn": __import__("sklearn").__version__},
        "binary": binary_cases(rng),
        "multiclass": multiclass_cases(rng),
        "regression": regression_cases(rng),
        "isotonic": isotonic_cases(rng),
        "cbpe": cbpe_cases(rng),
        "nannymlCalibration": nanny_cases(rng),
    }
    OUT.write_text(json.dumps(golden, allow_nan=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
