"""The category-level definitions of docs/statistics.md in SciPy / numpy, shared by
drift.py (seeded cases) and drift_published.py (other projects' published vectors).

- PSI with empty bins set to 0.0001; Jensen-Shannon by scipy.spatial.distance.jensenshannon
  (base=2); Hellinger sqrt(1 - sum(sqrt(p*q))) (see hellinger()); L-infinity max|p - q|.
- chi-square: scipy.stats.chi2_contingency(2 x K table, correction=False), after dropping
  categories that are empty on both sides (SciPy rejects zero expected counts).
- z-test: pooled two-proportion z from its formula, p = 2 * scipy.stats.norm.sf(|z|).
"""
import math

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

PSI_EMPTY = 0.0001


def distances(ref_counts, cur_counts):
    p = np.asarray(ref_counts, float) / np.sum(ref_counts)
    q = np.asarray(cur_counts, float) / np.sum(cur_counts)
    pp = np.where(p == 0, PSI_EMPTY, p)
    qq = np.where(q == 0, PSI_EMPTY, q)
    return {
        "psi": float(np.sum((qq - pp) * np.log(qq / pp))),
        "jensenShannon": float(jensenshannon(p, q, base=2)),
        "hellinger": hellinger(p, q),
        "lInfinity": float(np.max(np.abs(p - q))),
    }


def hellinger(p, q):
    """sqrt(1 - sum(sqrt(p*q))), evaluated as sqrt(sum((sqrt p - sqrt q)^2) / 2): equal when
    p and q sum to 1, without the cancellation that leaves ~1e-8 for identical p and q."""
    stable = float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2) / 2))
    direct = float(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q)))))
    assert abs(stable**2 - direct**2) < 1e-12, (stable, direct)
    return stable


def chi_square(ref_counts, cur_counts):
    table = np.array([ref_counts, cur_counts], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    stat, p, _, _ = stats.chi2_contingency(table, correction=False)
    return {"statistic": float(stat), "pValue": float(p)}


def z_test(ref_counts, cur_counts):
    n1, n2 = sum(ref_counts), sum(cur_counts)
    p1, p2 = ref_counts[0] / n1, cur_counts[0] / n2
    pooled = (ref_counts[0] + cur_counts[0]) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return {"statistic": z, "pValue": float(2 * stats.norm.sf(abs(z)))}
