"""The buffer between the model and the network: bounded, never blocking, counted."""

import os
import socket
import time
import unittest

from modelwatch import Backoff, Monitor


def closed_port() -> int:
    """A local port nothing listens on: every send is refused, so events stay buffered."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BufferTest(unittest.TestCase):
    def test_full_buffer_drops_and_counts_without_blocking(self):
        monitor = Monitor(
            f"http://127.0.0.1:{closed_port()}",
            "mw_unused",
            "m",
            batch_size=5,
            max_buffer=10,
            flush_interval=3600,
            backoff=Backoff(base=0.01, cap=0.05),
        )
        started = time.monotonic()
        ids = [monitor.log_prediction({"x": i}, 1) for i in range(25)]
        monitor.log_outcome(ids[0], 1)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(len(set(ids)), 25)  # ids are returned even for dropped events
        self.assertEqual(monitor.stats.queued, 10)
        self.assertEqual(monitor.stats.dropped, 16)
        # Nothing can be delivered: close gives up after its timeout and says so.
        self.assertFalse(monitor.close(timeout=0.3))
        self.assertEqual(monitor.stats.failed, 10)
        self.assertEqual(monitor.stats.accepted, 0)
        monitor.log_prediction({"x": 1}, 1)  # after close: dropped, no error
        self.assertEqual(monitor.stats.dropped, 17)

    def test_ids_are_unique_and_a_forked_child_never_repeats_its_parents(self):
        monitor = Monitor(f"http://127.0.0.1:{closed_port()}", "k", "m", flush_interval=3600)
        parent = [monitor.log_prediction({"x": i}, 1) for i in range(3)]
        self.assertEqual(len(set(parent)), 3)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(write, monitor.log_prediction({"x": 0}, 1).encode())
            os._exit(0)
        os.close(write)
        child_id = os.read(read, 200).decode()
        os.waitpid(pid, 0)
        after = monitor.log_prediction({"x": 0}, 1)
        self.assertNotIn(child_id, parent + [after])
        self.assertNotEqual(child_id.split("-")[0], after.split("-")[0])
        monitor.close(timeout=0)

    def test_flush_with_nothing_buffered_returns_at_once(self):
        with Monitor("http://127.0.0.1:9", "k", "m") as monitor:
            self.assertTrue(monitor.flush(timeout=0))

    def test_rejects_impossible_settings(self):
        with self.assertRaises(ValueError):
            Monitor("http://127.0.0.1:9", "k", "m", batch_size=10, max_buffer=5)
        with self.assertRaises(ValueError):
            Monitor("ftp://example", "k", "m")


if __name__ == "__main__":
    unittest.main()
