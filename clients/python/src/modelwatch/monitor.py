"""Monitor: log predictions and outcomes from a model's request path without waiting on the network.

``log_prediction`` and ``log_outcome`` only put the event in a bounded in-memory buffer and
return. A background thread sends the buffer in batches (when ``batch_size`` events wait, and
every ``flush_interval`` seconds), gzipped, retrying as ``_http`` describes. When the buffer is
full, new events are dropped and counted in ``stats.dropped``: the model is never slowed down or
failed by its monitoring. After ``os.fork`` (gunicorn, uvicorn workers) the child starts with an
empty buffer and its own thread; the parent's events stay the parent's to send.
"""

import atexit
import itertools
import json
import logging
import os
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional

from . import _values
from ._http import TRANSPORT_ERRORS, Backoff, Connection, is_retryable, problem_message, retry_after_seconds
from .client import Client

log = logging.getLogger("modelwatch")

PREDICTIONS = "/v1/models/{model}/predictions"
OUTCOMES = "/v1/models/{model}/outcomes"
WARN_EVERY = 60.0
# While encoding a batch, the sending thread gives up the GIL after this many events.
YIELD_EVERY = 25


@dataclass
class Stats:
    """What happened to the events logged so far, as the sending thread and the service saw it."""

    queued: int = 0  # put in the buffer
    dropped: int = 0  # not buffered: the buffer was full, or the monitor closed
    accepted: int = 0  # stored by the service
    duplicates: int = 0  # already stored (a retry of a request whose answer was lost)
    rejected: int = 0  # refused by the service as invalid (see on_error), or not encodable
    failed: int = 0  # given up on: a final error such as 401/403/404, or retries ran out


class Monitor:
    """Logs one model's predictions and outcomes to a modelwatch service.

    ``Monitor(url, api_key, model)``; use it as a context manager, or call ``close()`` (done at
    interpreter exit otherwise). Thread-safe: one Monitor serves every thread of a process.
    """

    def __init__(
        self,
        url: str,
        api_key: str,
        model: str,
        *,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        max_buffer: int = 100_000,
        timeout: float = 10.0,
        backoff: Optional[Backoff] = None,
        max_retry_time: Optional[float] = None,
        model_version: Optional[str] = None,
        on_error: Optional[Callable[[str, Any], None]] = None,
    ):
        if batch_size < 1 or max_buffer < batch_size:
            raise ValueError("need 1 ≤ batch_size ≤ max_buffer")
        self.url = url
        self.model = model
        self.model_version = model_version
        self.stats = Stats()
        self._api_key = api_key
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._max_buffer = max_buffer
        self._timeout = timeout
        self._backoff = backoff or Backoff()
        self._max_retry_time = max_retry_time
        self._on_error = on_error
        self._client: Optional[Client] = None
        self._reset()
        _live.add(self)

    # -- the caller's side: cheap, never blocks on the network, never raises for a full buffer --

    def log_prediction(
        self,
        features: Any,
        prediction: Any,
        *,
        prediction_id: Optional[str] = None,
        score: Any = None,
        scores: Any = None,
        timestamp: Any = None,
        model_version: Optional[str] = None,
        segments: Optional[Mapping[str, str]] = None,
    ) -> str:
        """Buffers one prediction and returns its id (unique, generated unless given); log its
        outcome later with that id. ``features`` is a dict, a Mapping or a pandas row."""
        pid = prediction_id if prediction_id is not None else f"{self._id_prefix}{next(self._ids):x}"
        # A tuple, turned into the API's event on the sending thread: the least work here. A dict
        # is copied (the caller may reuse it); other mappings are read when sent.
        self._put(
            self._predictions,
            (
                pid,
                int(time.time() * 1000) if timestamp is None else timestamp,
                features.copy() if type(features) is dict else features,
                prediction,
                score,
                scores,
                model_version if model_version is not None else self.model_version,
                segments,
            ),
        )
        return pid

    def log_outcome(
        self, prediction_id: str, actual: Any, *, timestamp: Any = None, value: Any = None
    ) -> None:
        """Buffers the true outcome of an earlier prediction. ``value`` is the business value it
        realized (revenue, cost saved, loss avoided), summed per window by the service."""
        self._put(self._outcomes, (prediction_id, actual, timestamp, value))

    def log_predictions(self, rows: Iterable[Mapping[str, Any]]) -> list:
        """Buffers many predictions: each row holds log_prediction's arguments by name."""
        return [self.log_prediction(**row) for row in rows]

    def log_outcomes(self, pairs: Iterable[Any]) -> None:
        """Buffers many outcomes: (prediction_id, actual) pairs or mappings with those keys."""
        for pair in pairs:
            if isinstance(pair, Mapping):
                self.log_outcome(
                    pair["prediction_id"],
                    pair["actual"],
                    timestamp=pair.get("timestamp"),
                    value=pair.get("value"),
                )
            else:
                self.log_outcome(*pair)

    def _put(self, queue: deque, event: tuple) -> None:
        with self._lock:
            if self._closed or self._size >= self._max_buffer:
                self.stats.dropped += 1
                return
            queue.append(event)
            self._size += 1
            self._enqueued += 1
            self.stats.queued += 1
            if self._thread is None:
                self._start()
            if len(queue) >= self._batch_size:
                self._wake.set()

    # -- flushing and closing --

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until every event buffered before the call is delivered or given up on; False
        when ``timeout`` seconds passed first."""
        with self._lock:
            target = self._enqueued
            if self._settled >= target:
                return True
        self._wake.set()
        with self._settled_changed:
            return self._settled_changed.wait_for(lambda: self._settled >= target, timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Delivers what is buffered (retrying for at most ``timeout`` seconds), then stops the
        thread. Events logged afterwards are dropped. True when every buffered event reached the
        service; False when some were given up on."""
        with self._lock:
            if self._closed:
                return self._size == 0
            failed_before = self.stats.failed
            self._deadline = time.monotonic() + timeout
        self._hurry.set()
        done = self.flush(timeout)
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(max(0.0, self._deadline - time.monotonic()) + 1.0)
        self._connection.close()
        if self._client is not None:
            self._client.close()
        _live.discard(self)
        return done and self.stats.failed == failed_before

    def __enter__(self) -> "Monitor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- registry and reads, for this monitor's model --

    @property
    def client(self) -> Client:
        """A synchronous API client with the same URL and key (registration, references, reads)."""
        if self._client is None:
            self._client = Client(self.url, self._api_key, timeout=max(self._timeout, 30.0))
        return self._client

    def register_model(self, spec: Mapping[str, Any]) -> dict:
        return self.client.register_model(self.model, spec)

    def upload_reference(self, data: Any) -> dict:
        return self.client.upload_reference(self.model, data)

    def drift(self, **query: Any) -> dict:
        return self.client.drift(self.model, **query)

    def performance(self, **query: Any) -> dict:
        return self.client.performance(self.model, **query)

    # -- the sending thread --

    def _reset(self) -> None:
        """Fresh state: at construction, and in a forked child (the parent's lock may be held)."""
        self._lock = threading.Lock()
        self._settled_changed = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._hurry = threading.Event()
        self._predictions: deque = deque()
        self._outcomes: deque = deque()
        self._size = 0
        self._enqueued = 0
        self._settled = 0
        self._closed = False
        self._deadline: Optional[float] = None
        self._thread: Optional[threading.Thread] = None
        # Generated ids: a random prefix of this monitor in this process (a forked child gets its
        # own, or its ids would repeat its parent's and be dropped as duplicates), then a counter.
        self._id_prefix = os.urandom(8).hex() + "-"
        self._ids = itertools.count()
        self._last_warning = -WARN_EVERY
        self._warnings_held = 0
        self._connection = Connection(self.url, self._api_key, self._timeout)
        self._client = None

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"modelwatch-{self.model}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(self._flush_interval)
            self._wake.clear()
            self._drain()
            with self._lock:
                if self._closed and self._size == 0:
                    return
                if self._closed and self._deadline is not None and time.monotonic() >= self._deadline:
                    return

    def _drain(self) -> None:
        """Sends everything buffered now, predictions first, in batches of batch_size."""
        for queue, path, to_event in (
            (self._predictions, PREDICTIONS, _prediction_event),
            (self._outcomes, OUTCOMES, _outcome_event),
        ):
            while True:
                with self._lock:
                    batch = [queue.popleft() for _ in range(min(self._batch_size, len(queue)))]
                if not batch:
                    break
                try:
                    self._deliver(path, [to_event(item) for item in batch])
                except Exception:  # never let the thread die: the model's events would pile up
                    log.exception("modelwatch: sending %d events failed", len(batch))
                    self.stats.failed += len(batch)
                with self._settled_changed:
                    self._size -= len(batch)
                    self._settled += len(batch)
                    self._settled_changed.notify_all()

    def _deliver(self, path_template: str, batch: list) -> None:
        encoded = []
        for i, event in enumerate(batch):
            try:
                encoded.append(json.dumps(_clean_event(event), separators=(",", ":"), allow_nan=False))
            except (TypeError, ValueError) as err:
                self.stats.rejected += 1
                self._report("unencodable", {"predictionId": event.get("predictionId"), "error": str(err)})
            if i % YIELD_EVERY == YIELD_EVERY - 1:
                time.sleep(0)  # hand the GIL to the model's threads: their log calls must not wait
        if not encoded:
            return
        body = ('{"events":[' + ",".join(encoded) + "]}").encode()
        path = self._connection.path(path_template, model=self.model)
        started = time.monotonic()
        attempt = 0
        while True:
            retry_after = None
            try:
                res = self._connection.request("POST", path, body, compress=True)
            except TRANSPORT_ERRORS as err:
                reason = f"{type(err).__name__}: {err}"
            else:
                if res.status == 202:
                    self._count_reply(res.json())
                    return
                reason = problem_message(res)
                if not is_retryable(res.status):
                    self.stats.failed += len(encoded)
                    self._warn("%d events not delivered: %s", len(encoded), reason)
                    self._report("failed", {"status": res.status, "events": len(encoded), "reason": reason})
                    return
                retry_after = retry_after_seconds(res.headers.get("retry-after"))
            delay = self._backoff.delay(attempt, retry_after)
            attempt += 1
            if self._out_of_time(started, delay):
                self.stats.failed += len(encoded)
                self._warn("gave up on %d events after %d attempts: %s", len(encoded), attempt, reason)
                self._report("failed", {"events": len(encoded), "reason": reason})
                return
            self._hurry.wait(delay)  # close() cuts a long wait short; its deadline still holds

    def _out_of_time(self, started: float, delay: float) -> bool:
        now = time.monotonic()
        if self._max_retry_time is not None and now + delay - started > self._max_retry_time:
            return True
        return self._deadline is not None and now + delay > self._deadline

    def _count_reply(self, reply: Any) -> None:
        self.stats.accepted += int(reply.get("accepted", 0))
        self.stats.duplicates += int(reply.get("duplicates", 0))
        rejected = int(reply.get("rejectedCount", 0))
        if rejected:
            self.stats.rejected += rejected
            self._warn("the service rejected %d events: %s", rejected, reply.get("rejected"))
            self._report("rejected", reply)

    def _warn(self, message: str, *args: Any) -> None:
        """A warning at most every WARN_EVERY seconds: an outage must not flood the model's log."""
        now = time.monotonic()
        if now - self._last_warning < WARN_EVERY:
            self._warnings_held += 1
            return
        held, self._warnings_held, self._last_warning = self._warnings_held, 0, now
        suffix = f" ({held} similar warnings held back)" if held else ""
        log.warning("modelwatch: " + message + suffix, *args)

    def _report(self, kind: str, detail: Any) -> None:
        if self._on_error is None:
            return
        try:
            self._on_error(kind, detail)
        except Exception:
            log.exception("modelwatch: on_error raised")


def _prediction_event(item: tuple) -> dict:
    pid, timestamp, features, prediction, score, scores, version, segments = item
    event = {"predictionId": pid, "timestamp": timestamp, "features": features, "prediction": prediction}
    if score is not None:
        event["score"] = score
    if scores is not None:
        event["scores"] = scores
    if version is not None:
        event["modelVersion"] = version
    if segments:
        event["segments"] = segments
    return event


def _outcome_event(item: tuple) -> dict:
    pid, actual, timestamp, value = item
    event = {"predictionId": pid, "actual": actual}
    if timestamp is not None:
        event["timestamp"] = timestamp
    if value is not None:
        event["value"] = value
    return event


def _clean_event(event: dict) -> dict:
    out = dict(event)
    if "features" in out:
        out["features"] = _values.clean_mapping(out["features"])
    if "scores" in out:
        out["scores"] = _values.clean_mapping(out["scores"])
    for key in ("prediction", "actual", "score", "value"):
        if key in out:
            out[key] = _values.scalar(out[key])
    if "segments" in out:
        out["segments"] = {str(k): str(v) for k, v in _values.as_dict(out["segments"]).items()}
    if "timestamp" in out:
        out["timestamp"] = _values.epoch_ms(out["timestamp"])
        if out["timestamp"] is None:
            del out["timestamp"]
    return out


_live: "weakref.WeakSet[Monitor]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for monitor in list(_live):
        monitor.stats = Stats()
        monitor._reset()


def _close_all_at_exit() -> None:
    for monitor in list(_live):
        monitor.close(timeout=5.0)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_close_all_at_exit)
