"""Golden values for stored references: what is decided once from report.json's reference rows.

Run with Debian's Python (numpy 1.24, sklearn):  /usr/bin/python3 tests/golden/references.py
Reads tests/golden/report.json (written by report.py) and writes tests/golden/references.json:
- per numerical feature, the inner bin edges: numpy.quantile at the deciles (linear), equal
  edges merged, or every distinct value when there are at most 5 (docs/statistics.md);
- per feature, its value range (min, max of present values) and the default method by
  docs/statistics.md#default-method's rule (<= 1000 reference rows: KS for numerical features with more than 5
  distinct values, else chi-square, z-test for two values);
- the realized performance on the labelled reference rows (sklearn, via performance.py).
"""
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from drift import DECILES  # noqa: E402
from performance import binary_expected  # noqa: E402

HERE = Path(__file__).parent
OUT = HERE / "references.json"


def feature(name, kind, values):
    present = [v for v in values if v is not None]
    distinct = sorted(set(present))
    if kind == "categorical":
        method = "zTest" if len(distinct) == 2 else "chiSquare"
        return {"name": name, "type": kind, "defaultMethod": method, "edges": [], "range": None,
                "rows": len(values), "present": len(present)}
    a = np.array(present, float)
    discrete = len(distinct) <= 5
    edges = [float(v) for v in distinct] if discrete else [float(v) for v in np.unique(np.quantile(a, DECILES))]
    method = ("zTest" if len(distinct) == 2 else "chiSquare") if discrete else "ks"
    return {"name": name, "type": kind, "defaultMethod": method, "edges": edges,
            "range": {"min": float(a.min()), "max": float(a.max())}, "rows": len(values), "present": len(present)}


def main():
    report = json.loads((HERE / "report.json").read_text())
    spec, rows = report["spec"], report["reference"]
    features = [feature(f["name"], f["type"], [r["features"][f["name"]] for r in rows]) for f in spec["features"]]
    labelled = [r for r in rows if r["actual"] is not None]
    performance = binary_expected(
        [r["actual"] for r in labelled], [r["prediction"] for r in labelled], [r["score"] for r in labelled]
    )
    golden = {"rows": len(rows), "labelled": len(labelled), "features": features, "performance": performance}
    OUT.write_text(json.dumps(golden, allow_nan=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
