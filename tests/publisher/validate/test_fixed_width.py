"""Dates and datetimes read off their bytes get frictionless's verdict and value, cell by cell."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.validate.cast import Caster
from publisher.validate.fixed_width import layout

FORMATS = [("datetime", "default"), ("datetime", "%Y/%m/%d %H:%M"), ("datetime", "%d.%m.%Y"),
           ("date", "default"), ("date", "%Y年%m月%d日"), ("date", "%m/%d"),
           ("date", "%Y/%m/%d %H:%M")]
ODD = ["2020-02-30T10:00:00", "2020-01-01T24:00:00", "0000-01-01T00:00:00",
       "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2000-02-29T01:01:01",
       "1900-02-29T00:00:00", "2020-01-01T10:60:00", "2020-01-01T10:00:60", "2020-00-01",
       "2020-01-00", "2020-1-1T1:2:3", "2020-01-01t10:00:00", "2020-01-01T10:00:0a",
       "１２３４-01-01", "2020-01-01", "2019-02-29", "02/29", "02/28", "13/01", "2020年2月3日",
       "2020年02月30日", "2020/01/02 03:04", "2020/02/30 10:00", "01.02.2020", "x", " "]


def _python_form(fmt: str, kind: str) -> str:
    if fmt != "default":
        return fmt
    return "%Y-%m-%dT%H:%M:%S" if kind == "datetime" else "%Y-%m-%d"


def _agree(kind: str, fmt: str, cells: list[str]) -> None:
    caster = Caster({"name": "t", "type": kind, "format": fmt}, [""])
    cast = caster.cast(pa.array(cells, pa.string()))
    values = cast.values.to_pylist()
    for i, cell in enumerate(cells):
        expected = caster.read(cell)
        assert bool(cast.invalid[i]) == (expected is None), cell
        if expected is not None:
            assert cast.extra.get(i, values[i]) == expected, cell


@pytest.mark.parametrize(("kind", "fmt"), FORMATS)
def test_odd_cells_agree_with_frictionless(kind: str, fmt: str) -> None:
    _agree(kind, fmt, ODD)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMATS), st.lists(st.tuples(
    st.datetimes(min_value=datetime(1000, 1, 1)), st.integers(0, 30),
    st.sampled_from("0123456789-:T /x年")), min_size=1, max_size=40))
def test_written_and_damaged_cells_agree(form: tuple[str, str],
                                          cells: list[tuple[datetime, int, str]]) -> None:
    kind, fmt = form
    out = []
    for moment, at, char in cells:
        text = moment.strftime(_python_form(fmt, kind))
        out.append(text)
        if at < len(text):
            out.append(text[:at] + char + text[at + 1:])
    _agree(kind, fmt, out)


def test_formats_with_other_directives_have_no_layout() -> None:
    assert layout("%Y-%m-%d %I:%M %p") is None
    assert layout("%Y-%m-%d%%") is None
    assert layout("%Y-%m-%d").size == 10  # type: ignore[union-attr]
    assert layout("%Y年%m月").size == 12  # type: ignore[union-attr]
