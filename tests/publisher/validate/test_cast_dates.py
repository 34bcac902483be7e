"""The ISO-date fast path (no regex) agrees with frictionless's reader on odd cells."""

from __future__ import annotations

import pyarrow as pa
import pytest

from publisher.validate.cast import Caster

CELLS = ["2020-02-29", "2019-02-29", "2020-02-30", "0000-01-01", "0001-01-01", "9999-12-31",
         "10000-01-01", "-001-01-01", "+2020-01-01", "2020-1-01", "20200101", " 2020-01-01",
         "2020-01-01 ", "2020-01-01\n", "2020-01-01T00", "１２３４-01-01", "2020-13-01", "x"]


@pytest.mark.parametrize("cell", CELLS)
def test_a_date_cell_gets_frictionless_verdict_and_value(cell: str) -> None:
    caster = Caster({"name": "d", "type": "date"}, [""])
    cast = caster.cast(pa.array([cell], pa.string()))
    expected = caster.read(cell)
    assert bool(cast.invalid[0]) == (expected is None)
    if expected is not None:
        assert cast.values.to_pylist()[0] == expected
