"""The vectorised datetime path decides every cell as frictionless does (it falls back to
frictionless's reader for anything but the canonical form)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.validate.cast import Caster
from tests.publisher.validate.helpers import dataset_of, engine_triples, frictionless_triples

CELLS = st.one_of(
    st.sampled_from(["2020-02-30T10:00:00", "2020-01-01T24:00:00", "0000-01-01T00:00:00",
                     "2020-01-01T10:00:00Z", "2020-01-01 10:00:00", "2020-01-01T10:00:00.5",
                     "2020-01-01T10:00:00+08:00", "2020-13-01T00:00:00", "2020-01-01T10:60:00",
                     "2020-1-1T1:2:3", "", "x", "2020/01/02 03:04", "2020/1/2 3:04",
                     "2020/02/30 10:00", "2021-06-01T00:00:00"]),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S")),
    st.datetimes().map(lambda d: d.strftime("%Y/%m/%d %H:%M")),
)
FIELDS = st.fixed_dictionaries({"type": st.just("datetime")}, optional={
    "format": st.just("%Y/%m/%d %H:%M"),
    "constraints": st.fixed_dictionaries({}, optional={"unique": st.booleans()}),
})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FIELDS, st.lists(CELLS, min_size=1, max_size=15))
def test_datetime_cells_agree_with_frictionless(field: dict[str, Any], cells: list[str]) -> None:
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "t", **field}]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(
                [["id", "t"], *[[str(i), c] for i, c in enumerate(cells)]])
        dataset = dataset_of(Path(tmp), [("data", path, schema)])
        assert engine_triples(dataset) == frictionless_triples(dataset)


def test_canonical_datetimes_take_the_fast_path() -> None:
    import pyarrow as pa

    caster = Caster({"name": "t", "type": "datetime"}, [""])
    cast = caster.cast(pa.array(["2020-01-01T10:00:00", "2020-02-30T10:00:00",
                                 "2020-01-01T10:00:00Z"]))
    assert cast.slow is not None
    assert list(cast.slow) == [False, False, True]  # the roll-over is invalid, not slow
    assert list(cast.invalid) == [False, True, False]
