"""Golden values for slices (issue 13 items 3 and 4): per segment value and per model version.

Run with Debian's Python (scipy 1.10, numpy 1.24, sklearn):  /usr/bin/python3 tests/golden/segments.py
Writes tests/golden/segments.json: report.py's model spec with a declared segment key `channel`
(cap 3), report.py's reference rows, and current rows, each with a `channel` and a
`modelVersion`. Per slice, the evaluation SciPy, numpy and scikit-learn give for the rows of that
slice alone (report.py's `evaluation`, imported: KS, chi-square, z-test, distances, quality,
sklearn metrics), against the reference; and for the version comparison, v2's rows evaluated with
v1's rows as the reference.

Which channel values are kept apart is the service's rule (src/modules/tiles/README.md "Slices"):
the first `maxValues` values folded, in value order within a fold. The rows are posted as one
batch holding all four values, so app, kiosk and shop are kept and web folds into __other__.
"""
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from report import SPEC, evaluation, rows  # noqa: E402

OUT = Path(__file__).with_suffix(".json")
CAP = 3
# channel -> (rows, shift, share of rows made by v2)
CHANNELS = {"app": (260, 1, 1.0), "kiosk": (120, 0, 0.0), "shop": (200, 0, 0.5), "web": (220, 0, 0.0)}


def main():
    rng = np.random.default_rng(20261205)
    reference = rows(rng, 400, 0)
    current = []
    for channel, (n, shift, v2) in CHANNELS.items():
        for i, row in enumerate(rows(rng, n, shift)):
            version = "v2" if i < round(n * v2) else "v1"
            current.append({**row, "channel": channel, "modelVersion": version})
    order = rng.permutation(len(current))
    current = [current[i] for i in order]
    kept = sorted(CHANNELS)[:CAP]
    slices = {}
    for channel in CHANNELS:
        value = channel if channel in kept else "__other__"
        slices.setdefault(f"segment:channel={value}", []).extend(r for r in current if r["channel"] == channel)
    for version in ("v1", "v2"):
        slices[f"version:{version}"] = [r for r in current if r["modelVersion"] == version]
    strip = lambda rs: [{k: v for k, v in r.items() if k not in ("channel", "modelVersion")} for r in rs]
    expected = {name: {"events": len(rs), **evaluation(reference, strip(rs))} for name, rs in slices.items()}
    v1, v2 = strip(slices["version:v1"]), strip(slices["version:v2"])
    compare = {"baselineEvents": len(v1), "candidateEvents": len(v2), **evaluation(v1, v2)}
    assert expected["segment:channel=app"]["datasetDrift"]["drifted"], "the shifted channel must drift"
    assert not expected["segment:channel=shop"]["datasetDrift"]["drifted"], "a stable channel must not drift"
    spec = {**SPEC, "segments": [{"key": "channel", "maxValues": CAP}]}
    golden = {"spec": spec, "reference": reference, "current": current, "slices": expected, "compare": compare}
    OUT.write_text(json.dumps(golden, allow_nan=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
