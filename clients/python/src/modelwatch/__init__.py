"""modelwatch: log a model's predictions and outcomes to a modelwatch service.

    from modelwatch import Monitor

    monitor = Monitor("https://modelwatch.example", api_key, "credit-risk")
    pid = monitor.log_prediction({"age": 42, "income": 52000.0}, prediction=1, score=0.83)
    ...
    monitor.log_outcome(pid, actual=0)

The standard library only; Python 3.9 or later.
"""

__version__ = "0.1.0"

from ._http import Backoff, ModelwatchError  # noqa: E402
from .client import Client  # noqa: E402
from .monitor import Monitor, Stats  # noqa: E402

__all__ = ["Backoff", "Client", "Monitor", "ModelwatchError", "Stats", "__version__"]
