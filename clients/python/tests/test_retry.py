"""The retry policy: which answers are retried, how long to wait, and Retry-After's two forms."""

import email.utils
import unittest

from modelwatch._http import MAX_RETRY_AFTER, Backoff, is_retryable, retry_after_seconds


class RetryTest(unittest.TestCase):
    def test_retryable_answers(self):
        for status in (408, 429, 500, 502, 503, 504):
            self.assertTrue(is_retryable(status), status)
        for status in (400, 401, 403, 404, 409, 413, 415, 422):
            self.assertFalse(is_retryable(status), status)

    def test_retry_after(self):
        self.assertEqual(retry_after_seconds("3"), 3.0)
        self.assertEqual(retry_after_seconds("0"), 0.0)
        self.assertIsNone(retry_after_seconds(None))
        self.assertIsNone(retry_after_seconds("soon"))
        date = email.utils.formatdate(1_000_030, usegmt=True)
        self.assertEqual(retry_after_seconds(date, now=1_000_000), 30.0)
        self.assertEqual(retry_after_seconds(date, now=2_000_000), 0.0)

    def test_backoff_full_jitter(self):
        top = Backoff(base=0.1, cap=2.0, rand=lambda: 1.0)
        self.assertEqual([top.delay(n) for n in range(6)], [0.1, 0.2, 0.4, 0.8, 1.6, 2.0])
        self.assertEqual(Backoff(rand=lambda: 0.0).delay(5), 0.0)
        self.assertEqual(top.delay(100), 2.0)  # no overflow, still capped
        # The server's Retry-After wins over the backoff, within a sane bound.
        self.assertEqual(top.delay(0, retry_after=7.0), 7.0)
        self.assertEqual(top.delay(0, retry_after=1e9), MAX_RETRY_AFTER)


if __name__ == "__main__":
    unittest.main()
