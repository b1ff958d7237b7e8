"""The Python client's overhead, run by bench/clients.bench.ts against a real service.

Prints the time one ``log_prediction`` call takes on the caller's thread (the model's request
path), while the client's own thread sends to the service beside it, and the events per second
one client sustains end to end. Environment: BENCH_URL, BENCH_API_KEY, BENCH_MODEL.
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python", "src"))
from modelwatch import Monitor  # noqa: E402

URL, KEY, MODEL = os.environ["BENCH_URL"], os.environ["BENCH_API_KEY"], os.environ["BENCH_MODEL"]
COUNTRIES = ["NL", "DE", "FR", "BE", "ES", "IT", "PL", "SE"]
CHANNELS = ["web", "app", "branch", "phone"]


def rows(n: int, seed: int = 42) -> list:
    """n feature dicts of the benchmark model: 18 numbers and 2 categories, as a model has them."""
    rand = random.Random(seed)
    out = []
    for _ in range(n):
        features = {f"num_{i}": round(rand.uniform(-100, 100), 4) for i in range(18)}
        features["country"] = rand.choice(COUNTRIES)
        features["channel"] = rand.choice(CHANNELS)
        out.append(features)
    return out


def quantiles(ns: list) -> str:
    ns = sorted(ns)
    q = lambda p: ns[min(len(ns) - 1, int(p * len(ns)))] / 1000  # noqa: E731
    return f"p50 {q(0.5):.1f} µs, p99 {q(0.99):.1f} µs, p99.9 {q(0.999):.1f} µs, max {ns[-1] / 1000:.0f} µs"


def caller_cost(features: list, calls: int, per_second: float) -> tuple:
    """Times each call; paced at per_second (0: back to back). Returns (timings ns, stats, seconds to deliver)."""
    monitor = Monitor(URL, KEY, MODEL, max_buffer=calls + 1)
    timings = []
    started = time.perf_counter()
    gap = 1 / per_second if per_second else 0
    for i in range(calls):
        if gap:
            target = started + i * gap
            while time.perf_counter() < target:
                pass
        row = features[i % len(features)]
        t0 = time.perf_counter_ns()
        monitor.log_prediction(row, i % 2, score=0.5)
        timings.append(time.perf_counter_ns() - t0)
    logged = time.perf_counter()
    assert monitor.flush(timeout=600), monitor.stats
    delivered = time.perf_counter()
    monitor.close()
    return timings, monitor.stats, logged - started, delivered - started


def main() -> None:
    features = rows(5_000)
    print(f"Python {sys.version.split()[0]}, 20 features a prediction, batches of 500, gzip")
    timings, stats, logged, delivered = caller_cost(features, 20_000, per_second=2_000)
    print(f"  paced at 2,000 calls/s for 10 s, sender busy beside: per call {quantiles(timings)}")
    assert stats.accepted + stats.duplicates == 20_000 and stats.dropped == 0, stats
    calls = 200_000
    timings, stats, logged, delivered = caller_cost(features, calls, per_second=0)
    print(f"  {calls:,} calls back to back: per call {quantiles(timings)}")
    print(
        f"  sustained through one client: {calls:,} events logged in {logged:.2f} s, all delivered "
        f"after {delivered:.2f} s = {calls / delivered:,.0f} events/s end to end "
        f"(accepted {stats.accepted:,}, duplicates {stats.duplicates}, dropped {stats.dropped}, failed {stats.failed})"
    )
    print("  goal: p99 ≤ 20 µs per call on the caller's thread")


if __name__ == "__main__":
    main()
