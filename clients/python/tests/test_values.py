"""What the client turns a model's values into, with stand-ins that behave as numpy and pandas
values do (``item``, ``tolist``, ``to_dict``): the client must not import either library."""

import datetime as dt
import math
import unittest
from decimal import Decimal

from modelwatch import _values
from modelwatch.monitor import _clean_event, _outcome_event


class NumpyScalar:
    """Behaves as numpy.int64(7) / numpy.float32(nan) do: ``item()`` gives the Python value."""

    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value

    def __ne__(self, other):
        return self.value != other.value if isinstance(other, NumpyScalar) else True


class PandasRow:
    """Behaves as a pandas Series does for the client: ``to_dict()``; iterating gives values."""

    def __init__(self, mapping):
        self.mapping = mapping

    def to_dict(self, orient=None):
        return dict(self.mapping)

    def __iter__(self):
        return iter(self.mapping.values())


class DataFrame:
    def __init__(self, rows):
        self.rows = rows

    def to_dict(self, orient):
        assert orient == "records"
        return [dict(r) for r in self.rows]


class ValuesTest(unittest.TestCase):
    def test_scalars(self):
        self.assertEqual(_values.scalar(NumpyScalar(7)), 7)
        self.assertIsNone(_values.scalar(float("nan")))
        self.assertIsNone(_values.scalar(NumpyScalar(float("nan"))))
        self.assertIsNone(_values.scalar(float("inf")))
        self.assertEqual(_values.scalar(Decimal("1.5")), 1.5)
        self.assertIs(_values.scalar(True), True)
        self.assertEqual(_values.scalar("NL"), "NL")
        na = type("NAType", (), {"__bool__": lambda self: (_ for _ in ()).throw(TypeError("ambiguous"))})()
        self.assertIsNone(_values.scalar(na))

    def test_times(self):
        utc = dt.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc)
        self.assertEqual(_values.epoch_ms(utc), 1767323045678)
        self.assertEqual(_values.epoch_ms(dt.date(2026, 1, 2)), 1767312000000)
        self.assertEqual(_values.epoch_ms(1767323045678), 1767323045678)
        # numpy.datetime64('…', 'ns').item() is an int of nanoseconds
        self.assertEqual(_values.epoch_ms(NumpyScalar(1767323045678_000_000)), 1767323045678)
        with self.assertRaises(TypeError):
            _values.epoch_ms(True)

    def test_mappings_and_tables(self):
        row = PandasRow({"age": NumpyScalar(42), "income": float("nan"), "country": "NL"})
        self.assertEqual(_values.clean_mapping(row), {"age": 42, "income": None, "country": "NL"})
        frame = DataFrame([{"x": NumpyScalar(1.5), "actual": 1}, {"x": 2.0, "actual": 0}])
        self.assertEqual(_values.records(frame), [{"x": 1.5, "actual": 1}, {"x": 2.0, "actual": 0}])
        with self.assertRaises(TypeError):
            _values.as_dict([1, 2])

    def test_event_cleaning(self):
        event = _clean_event(
            {
                "predictionId": "p1",
                "timestamp": dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
                "features": PandasRow({"age": NumpyScalar(3)}),
                "prediction": NumpyScalar(1),
                "score": NumpyScalar(0.25),
                "segments": {"country": NumpyScalar("NL").item()},
            }
        )
        self.assertEqual(
            event,
            {
                "predictionId": "p1",
                "timestamp": 1767312000000,
                "features": {"age": 3},
                "prediction": 1,
                "score": 0.25,
                "segments": {"country": "NL"},
            },
        )
        self.assertFalse(math.isnan(event["score"]))

    def test_outcome_with_a_business_value(self):
        event = _clean_event(_outcome_event(("p1", NumpyScalar(1), None, NumpyScalar(12.5))))
        self.assertEqual(event, {"predictionId": "p1", "actual": 1, "value": 12.5})
        # No value sent: the key is left out, not sent as null.
        self.assertEqual(_outcome_event(("p2", 0, None, None)), {"predictionId": "p2", "actual": 0})


if __name__ == "__main__":
    unittest.main()
