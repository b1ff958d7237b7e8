"""Published vectors from other projects' test suites, where their definition is ours.

Each vector keeps two numbers: `expected`, computed here by SciPy / numpy under our
definitions (drift_definitions.py), and `published`, the number the project's test prints,
with `tolerance` = how closely that test asserts it (pytest approx abs=, np.round(x, d) ==,
np.isclose, or exact equality). Generating fails if `expected` is not within `tolerance` of
`published`: a vector is only kept where the definitions coincide.

Missing values (None here, NaN there) are not counted, as our categorical rule says.

Contrasts: vectors whose published number follows a different definition. Evidently's
chi-square is a goodness-of-fit test, f_exp = ref_count * n_cur / n_ref (reproduced here with
scipy.stats.chisquare), ours is chi2_contingency's homogeneity test; the two disagree.

Left out because the definitions differ (anchors-drift.md section 5):
- Evidently E4 second case, chi-square ref=[1,2,3] vs cur=[5,8,3], p = 0.0: a goodness-of-fit
  test where a value missing from the reference has f_exp = 0; homogeneity gives a p > 0.
- Evidently E14 second case, z-test [a,NaN]x10 vs [a,b]x10, p = 1.0: Evidently counts NaN as
  "not the first category" (z_stattest.py maps x != keys[0] to 1), so the two samples look the
  same; we drop missing values, which leaves [a]x10 vs [a,b]x10, a real difference.
- NannyML's numerical Jensen-Shannon / Hellinger / Wasserstein vectors (doane bins, raw W1)
  and Evidently's JS (natural log) and KL: other bins, bases or measures.
"""
import numpy as np
from scipy import stats

from drift_definitions import chi_square, distances, z_test

EVIDENTLY = "Evidently tests/stattests/test_stattests.py"
EVIDENTLY_MULTITEST = "Evidently tests/multitest/metrics/data_drift.py"
NANNYML = "NannyML tests/drift/test_univariate_drift_methods.py"
FROUROS = "Frouros frouros/tests/integration/test_data_drift.py"


def rep(values, counts):
    """pd.Series(values).repeat(counts) as a list."""
    return [v for v, c in zip(values, counts) for _ in range(c)]


# Evidently's R and C (anchors-drift.md section 5).
R_COUNTS, C_COUNTS = [16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]
R, C = rep(range(1, 7), R_COUNTS), rep(range(1, 7), C_COUNTS)
R2 = rep(range(1, 7), [2 * c for c in R_COUNTS])


def pytest_abs(a):
    return a


def np_round(decimals):
    return 0.5 * 10**-decimals


def np_isclose(x):
    return 1e-8 + 1e-5 * abs(x)


def aligned(ref, cur):
    """Counts on the union of categories, reference first (as alignCounts), missing skipped."""
    keys = lambda xs: [str(v) for v in xs if v is not None]
    categories = list(dict.fromkeys(keys(ref) + keys(cur)))
    count = lambda xs: [keys(xs).count(c) for c in categories]
    return categories, count(ref), count(cur)


def ours(measure, ref_counts, cur_counts):
    if measure.startswith("chiSquare."):
        return chi_square(ref_counts, cur_counts)[measure.split(".")[1]]
    if measure == "zTest.pValue":
        return z_test(ref_counts, cur_counts)["pValue"]
    return distances(ref_counts, cur_counts)[measure]


def inputs(ref, cur, counts):
    if counts is not None:
        categories, rc, cc = counts
        return {"categories": categories, "refCounts": rc, "curCounts": cc}
    categories, rc, cc = aligned(ref, cur)
    return {"ref": ref, "cur": cur, "categories": categories, "refCounts": rc, "curCounts": cc}


def vector(name, source, asserts, measure, published, tolerance, ref=None, cur=None, counts=None):
    v = {"name": name, "source": source, "asserts": asserts, "measure": measure, **inputs(ref, cur, counts)}
    v["expected"] = float(ours(measure, v["refCounts"], v["curCounts"]))
    assert abs(v["expected"] - published) <= tolerance, (name, v["expected"], published)
    return {**v, "published": published, "tolerance": tolerance}


def nannyml_categorical_counts():
    """np.random.seed(1); choice([a,b,c,d], 10000) vs choice([a,b,c,e], 1000): numpy's legacy
    RandomState, whose stream numpy keeps stable. NannyML pools categories unseen in the
    reference into one leftover bin; here that bin holds only 'e', so it is our union."""
    np.random.seed(1)
    ref = np.random.choice(["a", "b", "c", "d"], 10_000)
    cur = np.random.choice(["a", "b", "c", "e"], 1_000)
    categories = ["a", "b", "c", "d", "e"]
    return categories, [int((ref == c).sum()) for c in categories], [int((cur == c).sum()) for c in categories]


def published_vectors():
    frouros = (list("aabaab"), list("bacccc"))
    ref6 = list("aabbcc")
    nannyml_cat = nannyml_categorical_counts()
    abnan = rep(["a", "b", None], [10, 10, 10])
    return [
        vector("Frouros chi-square statistic", f"{FROUROS}::test_batch_distance_based_categorical",
               "np.isclose(statistic, 6.13333333)", "chiSquare.statistic", 6.13333333, np_isclose(6.13333333), *frouros),
        vector("Frouros chi-square p-value", f"{FROUROS}::test_batch_distance_based_categorical",
               "np.isclose(p_value, 0.04657615)", "chiSquare.pValue", 0.04657615, np_isclose(0.04657615), *frouros),
        vector("Evidently E2 Hellinger, R vs C", f"{EVIDENTLY}::test_freq_obs_eq_freq_exp",
               "approx(0.06812, abs=1e-5)", "hellinger", 0.06812, pytest_abs(1e-5), R, C),
        vector("Evidently E2 Hellinger, R with doubled counts vs C", f"{EVIDENTLY}::test_freq_obs_not_eq_freq_exp",
               "approx(0.06812, abs=1e-5)", "hellinger", 0.06812, pytest_abs(1e-5), R2, C),
        vector("Evidently chi-square, [a,b,NaN]x10 vs the same", f"{EVIDENTLY}::test_cat_feature_with_nans",
               "approx(1.0, abs=1e-5)", "chiSquare.pValue", 1.0, pytest_abs(1e-5), abnan, abnan),
        vector("Evidently Hellinger, [a,b,NaN]x10 vs the same", f"{EVIDENTLY}::test_cat_feature_with_nans",
               "approx(0, abs=1e-5)", "hellinger", 0.0, pytest_abs(1e-5), abnan, abnan),
        vector("Evidently chi-square, [a,b,c]x10 vs the same", f"{EVIDENTLY}::test_chi_stat_test_cat_feature",
               "approx(1.0, abs=1e-5)", "chiSquare.pValue", 1.0, pytest_abs(1e-5),
               rep("abc", [10, 10, 10]), rep("abc", [10, 10, 10])),
        vector("Evidently E14 z-test, [a,b]x10 vs the same", f"{EVIDENTLY}::test_z_stat_test_cat_feature",
               "approx(1.0, abs=1e-5)", "zTest.pValue", 1.0, pytest_abs(1e-5), ["a", "b"] * 10, ["a", "b"] * 10),
        vector("Evidently E4 chi-square, [1,2,3] vs [1,2,3]", f"{EVIDENTLY_MULTITEST}::column_drift_metric_values",
               "drift_score=1.0 (exact)", "chiSquare.pValue", 1.0, 0.0, [1, 2, 3], [1, 2, 3]),
        vector("Evidently E3 PSI, [3,2,2] vs [1,2,3]", f"{EVIDENTLY_MULTITEST}::column_drift_metric_values",
               "approx_result(2.93, absolute=0.01), drift at threshold 0.1", "psi", 2.93, pytest_abs(0.01),
               [3, 2, 2], [1, 2, 3]),
        vector("Evidently-path PSI, R vs C (numpy port, not a test suite)",
               "anchors-drift.md section 5: numpy port of Evidently's psi_stat_test, one bin per value",
               "printed to 6 decimals", "psi", 0.037218, np_round(6), R, C),
        vector("NannyML N1 L-infinity, new category", f"{NANNYML}::test_l_infinity_for_new_category",
               "np.round(distance, 2) == 0.14", "lInfinity", 0.14, np_round(2), ref6, ref6 + ["d"]),
        vector("NannyML N1 L-infinity, no change", f"{NANNYML}::test_l_infinity_for_no_change",
               "np.round(distance, 2) == 0.0", "lInfinity", 0.0, np_round(2), ref6, ref6),
        vector("NannyML N1 L-infinity, total change", f"{NANNYML}::test_l_infinity_for_total_change",
               "np.round(distance, 2) == 0.67", "lInfinity", 0.67, np_round(2), ref6, ["b"] * 5),
        vector("NannyML N2 Jensen-Shannon, categorical", f"{NANNYML}::test_js_for_categorical",
               "np.round(distance, 2) == 0.5", "jensenShannon", 0.5, np_round(2), counts=nannyml_cat),
        vector("NannyML N2 Hellinger, categorical", f"{NANNYML}::test_hellinger_for_categorical",
               "np.round(distance, 2) == 0.5", "hellinger", 0.5, np_round(2), counts=nannyml_cat),
    ]


def contrast(name, source, asserts, published, tolerance, ref, cur):
    """A chi-square p-value Evidently publishes under goodness of fit, beside ours."""
    v = {"name": name, "source": source, "asserts": asserts, "measure": "chiSquare.pValue", **inputs(ref, cur, None)}
    v["expected"] = float(ours(v["measure"], v["refCounts"], v["curCounts"]))
    rc, cc = np.array(v["refCounts"], float), np.array(v["curCounts"], float)
    theirs = float(stats.chisquare(f_obs=cc, f_exp=rc * cc.sum() / rc.sum()).pvalue)
    assert abs(theirs - published) <= tolerance, (name, theirs, published)
    assert abs(v["expected"] - published) > tolerance, (name, v["expected"], published)
    return {**v, "published": published, "tolerance": tolerance, "publishedRecomputed": theirs,
            "theirDefinition": "goodness of fit: scipy.stats.chisquare(f_obs=cur, f_exp=ref * n_cur / n_ref)"}


def contrasts():
    return [
        contrast("Evidently E1 chi-square, R vs C", f"{EVIDENTLY}::test_freq_obs_eq_freq_exp",
                 "approx(0.67309, abs=1e-5)", 0.67309, 1e-5, R, C),
        contrast("Evidently E1 chi-square, R with doubled counts vs C", f"{EVIDENTLY}::test_freq_obs_not_eq_freq_exp",
                 "approx(0.67309, abs=1e-5)", 0.67309, 1e-5, R2, C),
    ]


def published():
    return {"vectors": published_vectors(), "contrasts": contrasts()}
