"""Turns what a model hands us into JSON the service accepts, without importing numpy or pandas.

numpy scalars and arrays, pandas rows, ``datetime``, ``Decimal`` and NaN are recognised by what
they can do (``item``, ``tolist``, ``to_dict``, ``timestamp``), so the client works the same
whether or not those libraries are installed. This runs on the sending thread, never on the
model's request path.
"""

import datetime as _dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Optional


def epoch_ms(value: Any) -> Optional[int]:
    """A time as epoch milliseconds: int/float epoch ms as given; ``datetime`` (naive is local
    time, as Python reads it) and pandas ``Timestamp`` through ``timestamp()``; None as is."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a timestamp cannot be a bool")
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    stamp = getattr(value, "timestamp", None)
    if callable(stamp):
        return int(round(stamp() * 1000))
    item = getattr(value, "item", None)  # numpy.datetime64 → datetime, or int nanoseconds
    if callable(item):
        inner = item()
        if isinstance(inner, int):
            return inner // 1_000_000
        return epoch_ms(inner)
    raise TypeError(f"cannot read a time from {type(value).__name__}")


def is_missing(value: Any) -> bool:
    """None, NaN (Python or numpy), pandas NA and NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN of any float type
    except (TypeError, ValueError):
        return False


def scalar(value: Any) -> Any:
    """A JSON scalar: str, bool, int, finite float, or None for anything missing."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if not math.isfinite(value) else value
    if isinstance(value, Decimal):
        return scalar(float(value))
    if is_missing(value):
        return None
    item = getattr(value, "item", None)  # numpy scalars: int64, float32, bool_, str_
    if callable(item):
        return scalar(item())
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value  # left to the service to accept or reject, naming the field


def as_dict(value: Any) -> dict:
    """A mapping of names to values: a dict, any Mapping, or a pandas row (``to_dict``)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, Mapping):
        return dict(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    raise TypeError(f"expected a mapping of feature names to values, got {type(value).__name__}")


def clean_mapping(value: Any) -> dict:
    return {str(k): scalar(v) for k, v in as_dict(value).items()}


def records(table: Any) -> list:
    """Rows of a table: a list of mappings, or a DataFrame-like object (``to_dict('records')``)."""
    to_dict = getattr(table, "to_dict", None)
    if callable(to_dict) and not isinstance(table, Mapping):
        rows = to_dict("records")
    else:
        rows = list(table)
    return [clean_mapping(row) for row in rows]
