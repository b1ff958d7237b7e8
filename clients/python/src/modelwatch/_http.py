"""One HTTP connection to the service, and the retry policy every request follows.

A request is retried on a connection error, 408, 429 and any 5xx, after the server's
``Retry-After`` when it gives one, else after an exponential backoff with full jitter. The body
is sent again byte for byte, so events keep their ids across retries and the service's
deduplication makes delivery exactly-once. Other answers (400, 401, 403, 404, 413, …) are final.
"""

import email.utils
import gzip
import http.client
import json
import random
import socket
import ssl
import time
from typing import Any, Callable, Mapping, Optional
from urllib.parse import quote, urlsplit

from . import __version__

RETRYABLE_STATUS = frozenset({408, 429})
# A Retry-After beyond this is read as this: a misconfigured proxy must not park the sender for hours.
MAX_RETRY_AFTER = 300.0
USER_AGENT = f"modelwatch-python/{__version__}"


class ModelwatchError(Exception):
    """The service refused a request for good (or retries ran out): its status and problem."""

    def __init__(self, status: int, problem: Optional[Mapping[str, Any]], message: str):
        super().__init__(message)
        self.status = status
        self.problem = dict(problem or {})


class Response:
    def __init__(self, status: int, headers: Mapping[str, str], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Retry-After as seconds to wait: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Backoff:
    """Exponential backoff with full jitter: attempt n waits uniform(0, min(cap, base·2ⁿ))."""

    def __init__(self, base: float = 0.1, cap: float = 30.0, rand: Callable[[], float] = random.random):
        self.base = base
        self.cap = cap
        self.rand = rand

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return self.rand() * min(self.cap, self.base * (2 ** min(attempt, 32)))


def is_retryable(status: int) -> bool:
    return status in RETRYABLE_STATUS or status >= 500


class Connection:
    """A kept-alive connection to the service, reopened after any error. Not thread-safe: each
    thread that sends has its own."""

    def __init__(self, url: str, api_key: Optional[str], timeout: float = 10.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"expected an http(s) URL, got {url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._conn: Optional[http.client.HTTPConnection] = None

    def path(self, template: str, **params: str) -> str:
        return self._base + template.format(**{k: quote(str(v), safe="") for k, v in params.items()})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._https:
                self._conn = http.client.HTTPSConnection(
                    self._host, self._port, timeout=self._timeout, context=ssl.create_default_context()
                )
            else:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        return self._conn

    def request(
        self,
        method: str,
        path: str,
        body: Optional[bytes] = None,
        content_type: str = "application/json",
        compress: bool = False,
    ) -> Response:
        """One attempt. Raises OSError (or http.client.HTTPException) when no answer came back."""
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/problem+json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        if body is not None:
            headers["Content-Type"] = content_type
            if compress:
                body = gzip.compress(body, compresslevel=1)
                headers["Content-Encoding"] = "gzip"
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            res = conn.getresponse()
            data = res.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if res.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(res.status, {k.lower(): v for k, v in res.getheaders()}, data)


TRANSPORT_ERRORS = (OSError, http.client.HTTPException, socket.timeout)


def problem_message(res: Response) -> str:
    try:
        problem = res.json() or {}
    except ValueError:
        problem = {}
    detail = problem.get("detail") or problem.get("title") or res.body[:200].decode("utf-8", "replace")
    return f"HTTP {res.status}: {detail}"


def raise_for_problem(res: Response) -> None:
    if res.status < 400:
        return
    try:
        problem = res.json()
    except ValueError:
        problem = None
    raise ModelwatchError(res.status, problem if isinstance(problem, dict) else None, problem_message(res))
