"""The client against the real service, run by tests/integration/clients/python-client.test.ts, which
starts the service and a proxy in front of it that sheds (503), rate-limits (429) and drops
connections before and after the service answered, then checks Postgres and the tiles.

Environment: MODELWATCH_URL (the proxy), MODELWATCH_DIRECT_URL (the service), MODELWATCH_API_KEY
(an admin key), MODELWATCH_MODEL, MODELWATCH_PREDICTIONS and MODELWATCH_OUTCOMES (how many).
"""

import os
import tempfile
import threading
import unittest

from modelwatch import Backoff, Client, ModelwatchError, Monitor

ENV = ("MODELWATCH_URL", "MODELWATCH_DIRECT_URL", "MODELWATCH_API_KEY", "MODELWATCH_MODEL")

SPEC = {
    "name": "Credit risk (Python client test)",
    "task": "binary_classification",
    "features": [
        {"name": "age", "type": "numerical"},
        {"name": "income", "type": "numerical"},
        {"name": "country", "type": "categorical"},
    ],
    "positiveClass": 1,
}

COUNTRIES = ("NL", "DE", "FR", "BE")


def features(i: int) -> dict:
    return {"age": 20 + i % 50, "income": 30_000.0 + (i * 7919) % 60_000, "country": COUNTRIES[i % 4]}


def setUpModule():
    missing = [name for name in ENV if not os.environ.get(name)]
    if missing:
        raise unittest.SkipTest(f"run by npm test (tests/integration/clients/python-client.test.ts); missing {missing}")


class LiveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = os.environ["MODELWATCH_MODEL"]
        cls.key = os.environ["MODELWATCH_API_KEY"]
        cls.client = Client(os.environ["MODELWATCH_DIRECT_URL"], cls.key)
        cls.client.register_model(cls.model, SPEC)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def test_1_reference_from_a_csv_file_and_from_rows(self):
        rows = [dict(features(i), prediction=i % 2, score=0.2 + 0.6 * (i % 2), actual=i % 3 % 2) for i in range(400)]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reference.csv")
            with open(path, "w") as f:
                f.write("age,income,country,prediction,score,actual\n")
                for r in rows:
                    f.write(f"{r['age']},{r['income']},{r['country']},{r['prediction']},{r['score']},{r['actual']}\n")
            first = self.client.upload_reference(self.model, path)
        second = self.client.upload_reference(self.model, rows)  # flat rows go as CSV too
        self.assertEqual(second["version"], first["version"] + 1)
        self.assertEqual(second["rows"], 400)

    def test_2_every_event_arrives_once_through_a_flaky_network(self):
        predictions = int(os.environ.get("MODELWATCH_PREDICTIONS", "1000"))
        outcomes = int(os.environ.get("MODELWATCH_OUTCOMES", "600"))
        monitor = Monitor(
            os.environ["MODELWATCH_URL"],
            self.key,
            self.model,
            batch_size=1000,
            max_buffer=predictions + outcomes,
            backoff=Backoff(base=0.01, cap=0.5),
        )
        ids = [None] * predictions
        threads = 4

        def producer(lane: int) -> None:
            for i in range(lane, predictions, threads):
                ids[i] = monitor.log_prediction(features(i), i % 2, score=(i % 100) / 100, segments={"lane": str(lane)})

        workers = [threading.Thread(target=producer, args=(lane,)) for lane in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        monitor.log_outcomes((ids[i], (i // 2) % 2) for i in range(outcomes))
        self.assertTrue(monitor.flush(timeout=600), monitor.stats)
        self.assertTrue(monitor.close(timeout=5))
        stats = monitor.stats
        total = predictions + outcomes
        self.assertEqual((stats.queued, stats.dropped, stats.failed, stats.rejected), (total, 0, 0, 0), stats)
        self.assertEqual(stats.accepted + stats.duplicates, total, stats)
        self.assertGreater(stats.duplicates, 0, "the proxy dropped answers: some retries must be duplicates")

    def test_3_a_forked_child_sends_its_own_events_only(self):
        monitor = Monitor(os.environ["MODELWATCH_DIRECT_URL"], self.key, self.model, flush_interval=3600)
        monitor.log_prediction(features(0), 1, prediction_id="fork-parent")
        pid = os.fork()
        if pid == 0:  # the child: the parent's buffered event is not its to send
            code = 1
            try:
                monitor.log_prediction(features(1), 0, prediction_id="fork-child")
                ok = monitor.close(timeout=60)
                code = 0 if ok and monitor.stats.accepted + monitor.stats.duplicates == 1 else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        self.assertTrue(monitor.close(timeout=60))
        self.assertEqual(monitor.stats.accepted, 1)

    def test_4_reads(self):
        drift = self.client.drift(self.model, from_="2026-01-01T00:00:00Z", to="2026-01-01T01:00:00Z")
        self.assertEqual(drift["modelId"], self.model)
        performance = self.client.performance(self.model, from_="2026-01-01T00:00:00Z", to="2026-01-01T01:00:00Z")
        self.assertEqual(performance["modelId"], self.model)
        fleet = self.client.fleet()
        self.assertIn(self.model, [m["id"] for m in fleet["models"]])
        with self.assertRaises(ModelwatchError) as caught:
            self.client.drift("no-such-model")
        self.assertEqual(caught.exception.status, 404)
        self.assertIn("no-such-model", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
