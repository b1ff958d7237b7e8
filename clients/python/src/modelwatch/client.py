"""Client: the synchronous calls a model team makes now and then — register a model, upload its
reference, read drift, performance, quality and the fleet. Each call waits for its answer,
retrying what the service asks to retry (a bounded number of times), and raises
``ModelwatchError`` with the service's problem otherwise."""

import csv
import io
import json
import os
import threading
from collections.abc import Mapping
from typing import Any, Optional
from urllib.parse import urlencode

from . import _values
from ._http import TRANSPORT_ERRORS, Backoff, Connection, is_retryable, raise_for_problem, retry_after_seconds


class Client:
    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        attempts: int = 5,
        backoff: Optional[Backoff] = None,
    ):
        self._connection = Connection(url, api_key, timeout)
        self._attempts = attempts
        self._backoff = backoff or Backoff(base=0.2, cap=10.0)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- registry --

    def register_model(self, model: str, spec: Mapping[str, Any]) -> dict:
        """Creates or replaces the model's spec (name, task, features, …)."""
        return self._call("PUT", "/v1/models/{model}", {"model": model}, json_body=dict(spec))

    def get_model(self, model: str) -> dict:
        return self._call("GET", "/v1/models/{model}", {"model": model})

    def upload_reference(self, model: str, data: Any) -> dict:
        """Sets a new reference from ``data``: a path to a CSV file (a header row, a column per
        feature, optional prediction, score, scores.<class> and actual columns); a DataFrame or a
        list of flat rows (the same columns, sent as CSV); or a list of rows shaped as the API's
        ``ReferenceRow`` (``{"features": {...}, "prediction": ..., "actual": ...}``)."""
        params = {"model": model}
        if isinstance(data, (str, os.PathLike)):
            with open(data, "rb") as f:
                return self._call("PUT", "/v1/models/{model}/reference", params, raw=(f.read(), "text/csv"))
        rows = _values.records(data)
        if rows and all("features" in row for row in rows):
            return self._call("PUT", "/v1/models/{model}/reference", params, json_body={"rows": rows})
        return self._call("PUT", "/v1/models/{model}/reference", params, raw=(_csv(rows), "text/csv"))

    # -- reads --

    def drift(self, model: str, **query: Any) -> dict:
        """Drift per feature: ``window="1h"`` for a window's latest evaluation, or ``from_=``,
        ``to=`` (datetimes or RFC 3339 strings) for a range evaluated now."""
        return self._call("GET", "/v1/models/{model}/drift", {"model": model}, query=query)

    def performance(self, model: str, **query: Any) -> dict:
        return self._call("GET", "/v1/models/{model}/performance", {"model": model}, query=query)

    def quality(self, model: str, **query: Any) -> dict:
        return self._call("GET", "/v1/models/{model}/quality", {"model": model}, query=query)

    def fleet(self, **query: Any) -> dict:
        """One page of the fleet: every model the key may see, with status and KPIs."""
        return self._call("GET", "/v1/fleet", {}, query=query)

    # -- one call, with retries --

    def _call(
        self,
        method: str,
        template: str,
        params: Mapping[str, str],
        *,
        query: Optional[Mapping[str, Any]] = None,
        json_body: Any = None,
        raw: Optional[tuple] = None,
    ) -> Any:
        path = self._connection.path(template, **params)
        if query:
            path += "?" + urlencode({k.rstrip("_"): _query_value(v) for k, v in query.items() if v is not None})
        body, content_type = (json.dumps(json_body).encode(), "application/json") if json_body is not None else (None, "")
        if raw is not None:
            body, content_type = raw
        attempt = 0
        while True:
            retry_after = None
            try:
                with self._lock:
                    # Ingest and reference uploads accept gzip; the other routes take plain JSON.
                    res = self._connection.request(method, path, body, content_type, compress=raw is not None or template.endswith("/reference"))
            except TRANSPORT_ERRORS:
                if attempt + 1 >= self._attempts:
                    raise
            else:
                if not is_retryable(res.status) or attempt + 1 >= self._attempts:
                    raise_for_problem(res)
                    return res.json()
                retry_after = retry_after_seconds(res.headers.get("retry-after"))
            self._backoff_wait(attempt, retry_after)
            attempt += 1

    def _backoff_wait(self, attempt: int, retry_after: Optional[float]) -> None:
        threading.Event().wait(self._backoff.delay(attempt, retry_after))


def _query_value(value: Any) -> str:
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def _csv(rows: list) -> bytes:
    columns: dict = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, None)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode()
