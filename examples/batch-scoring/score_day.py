"""A nightly batch job: scores yesterday's applications, logs the predictions with the time each
was made, then logs the outcomes known so far (standard library only).

Run it: MODELWATCH_URL=http://127.0.0.1:8080 MODELWATCH_API_KEY=mw_... python3 score_day.py
(ROWS, default 5000; OUTCOMES, the share with a known outcome, default 0.6; MODELWATCH_MODEL,
default credit-risk-batch). The key needs the admin scope to register the model.
"""

import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python", "src"))
from modelwatch import Monitor  # noqa: E402  (pip install ./clients/python, and drop this path line)

MODEL = os.environ.get("MODELWATCH_MODEL", "credit-risk-batch")
SPEC = {
    "name": "Credit risk (nightly batch)",
    "task": "binary_classification",
    "positiveClass": 1,
    "features": [
        {"name": "age", "type": "numerical"},
        {"name": "income", "type": "numerical"},
        {"name": "country", "type": "categorical"},
    ],
}


def applications(n: int, day: dt.datetime, rand: random.Random) -> list:
    """Yesterday's applications: features and the time each was scored."""
    return [
        (
            day + dt.timedelta(seconds=rand.uniform(0, 86_400)),
            {
                "age": rand.randint(18, 80),
                "income": round(rand.lognormvariate(10.8, 0.4), 2),
                "country": rand.choice(["NL", "DE", "FR", "ES", "IT"]),
            },
        )
        for _ in range(n)
    ]


def main() -> None:
    rows = int(os.environ.get("ROWS", "5000"))
    share = float(os.environ.get("OUTCOMES", "0.6"))
    rand = random.Random(7)
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    yesterday = today - dt.timedelta(days=1)
    with Monitor(os.environ["MODELWATCH_URL"], os.environ["MODELWATCH_API_KEY"], MODEL) as monitor:
        monitor.register_model(SPEC)
        ids = []
        for when, features in applications(rows, yesterday, rand):
            score = min(1.0, max(0.0, 0.1 + 0.004 * (features["age"] - 18) + rand.gauss(0, 0.05)))
            ids.append(monitor.log_prediction(features, int(score >= 0.5), score=score, timestamp=when))
        # Outcomes known so far: a share of the applications, each with whether it defaulted.
        monitor.log_outcomes((pid, int(rand.random() < 0.25)) for pid in ids[: int(rows * share)])
        delivered = monitor.flush(timeout=300)
    stats = monitor.stats
    print(f"{MODEL}: {stats.accepted} accepted, {stats.duplicates} duplicates, {stats.rejected} rejected, {stats.failed} failed")
    sys.exit(0 if delivered and stats.failed == 0 and stats.rejected == 0 else 1)


if __name__ == "__main__":
    main()
