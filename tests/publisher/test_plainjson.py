"""JSON bodies of plain values by orjson: the same JSON as json.dumps, or None."""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher import plainjson


@pytest.mark.parametrize("value", [
    {"records": [{"a": "汕尾", "n": 2 ** 63 - 1, "x": -0.0, "y": 1e-7, "ok": True, "z": None}]},
    {"resource_id": "r", "records": [], "method": "upsert", "force": True},
    [1, [2, [3, {"k": "v"}]]],
])
def test_plain_values_encode_to_the_same_json(value: Any) -> None:
    body = plainjson.dumps(value)
    assert body is not None
    assert json.loads(body) == json.loads(json.dumps(value))


@pytest.mark.parametrize("value", [
    {"x": float("nan")}, {"x": float("inf")}, {1: "a"}, {"n": 2 ** 64}, {"t": (1, 2)},
    {"s": "\ud800"}, {"d": __import__("datetime").date(2024, 1, 1)},
])
def test_anything_else_is_left_to_the_standard_encoder(value: Any) -> None:
    assert plainjson.dumps(value) is None
