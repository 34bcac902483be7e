"""DataStore batch writes: the driver's executemany (publisher.portal.dsbulk), the one-pass
record converter and orjson's decoding keep the values, errors and answers they replace."""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher.portal.dstables import convert_record, record_converter
from publisher.portal.errors import ValidationError
from publisher.portal.params import check_params, loads

pytestmark = pytest.mark.db

FIELDS = [{"id": "code", "type": "text"}, {"id": "day", "type": "date"},
          {"id": "at", "type": "timestamp"}, {"id": "n", "type": "int8"},
          {"id": "x", "type": "numeric"}, {"id": "ok", "type": "bool"},
          {"id": "extra", "type": "json"}]
TYPES = {f["id"]: f["type"] for f in FIELDS}


def _outcome(convert: Any, record: Any) -> Any:
    try:
        return convert(record)
    except ValidationError as exc:
        return ("error", exc.error_dict())


@pytest.mark.parametrize("record", [
    {"code": "001", "day": "2024-02-05", "n": 3, "x": 1.5, "ok": True},
    {"code": "", "day": "", "n": "", "x": "", "ok": "", "at": ""},
    {"code": 7, "n": "12", "x": "2", "ok": "t", "extra": {"a": [1]}, "_id": 4},
    {"n": None, "day": None, "at": "2024-03-05T08:00:00Z"},
    {"n": True}, {"n": 1.5}, {"day": "soon"}, {"day": "soon", "nope": 1}, {"nope": None},
    ["not", "a", "dict"],
])
def test_the_batch_converter_gives_convert_records_values_and_errors(record: Any) -> None:
    assert _outcome(record_converter(TYPES), record) == _outcome(
        lambda r: convert_record(r, TYPES), record)


@pytest.mark.parametrize("body", [
    b'{"a": [1, 2.5, "\\u6c55", null, true]}', b'{"a": 18446744073709551616}',
    b'{"a": -9223372036854775809}', b'{"a": 1e400}', b'{"a": "\\ud800"}', b'{"a": 1, "a": 2}',
    '{"a": "汕尾"}'.encode("utf-16"), b'\xef\xbb\xbf{"a": 1}', b'{"a": NaN}', b'{"a": [1,]}',
])
def test_json_bodies_decode_as_the_standard_parser_decodes_them(body: bytes) -> None:
    def standard(text: bytes) -> Any:
        return json.loads(text, parse_constant=lambda name: float("nan"))

    try:
        expected = ("value", standard(body))
    except ValueError:
        expected = ("error", None)
    try:
        found = ("value", loads(body))
    except ValueError:
        found = ("error", None)
    if b"NaN" in body:
        assert found == ("error", None)  # loads refuses the constants
    else:
        assert found == expected


@pytest.mark.parametrize(("records", "message"), [
    ([{"a": "x\x00"}], "Must not contain NUL characters"),
    ([{"a": "\ud800"}], "Must be valid Unicode (no lone surrogates)"),
    ([{"a": 2 ** 64}], "Integer out of range"),
    ([{"a": float("inf")}], "Must be a finite number"),
    ([{"a\x00": 1}], "Must not contain NUL characters"),
    ([{"a": 1}, "x\x00"], "Must not contain NUL characters"),
])
def test_flat_records_are_refused_for_what_the_walk_refuses(records: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_params("datastore_upsert", {"records": records})
    assert caught.value.error_dict()["records"] == [message]


def test_bulk_loaded_rows_read_back_as_written(call: Any, resource: str) -> None:
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"])
    rows = [{"code": "001", "day": "2024-02-05", "at": "2024-02-05T08:30:00", "n": 5,
             "x": 2.5, "ok": True, "extra": {"k": ["汕尾"]}},
            {"code": "002", "day": None, "n": None, "ok": False},
            {"code": "003", "day": "2024-12-31", "at": "2024-12-31T23:59:59.5", "n": -7}]
    call("datastore_upsert", resource_id=resource, force=True, method="upsert", records=rows)
    # An upsert sent again, and one that changes a row, write the same rows by key.
    call("datastore_upsert", resource_id=resource, force=True, method="upsert", records=rows)
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=[{"code": "002", "n": 9}])
    found = call("datastore_search", resource_id=resource, sort="code")
    assert found["total"] == 3
    got = {r["code"]: r for r in found["records"]}
    assert got["001"]["day"] == "2024-02-05" and got["001"]["at"] == "2024-02-05T08:30:00.000"
    assert got["001"]["extra"] == {"k": ["汕尾"]} and got["001"]["ok"] is True
    assert got["002"]["n"] == 9 and got["002"]["ok"] is False and got["002"]["day"] is None
    assert got["003"]["at"] == "2024-12-31T23:59:59.500" and got["003"]["n"] == -7
    assert [r["code"] for r in call("datastore_search", resource_id=resource,
                                    q="汕尾")["records"]] == ["001"]
    assert [r["code"] for r in call("datastore_search", resource_id=resource,
                                    filters={"day": "2024-12-31"})["records"]] == ["003"]
