"""The stage reads each distinct text once and maps what it found back over the whole column
(numpy, not a Python loop per cell). Applied to a whole table with repeated rows and blank cells
it must release and report exactly what it releases and reports applied to each row alone."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest

from bench.deidentify import data
from publisher.deid import deidentify
from publisher.deid.stage import DeidResult
from publisher.findings import Finding

KEY = b"test-key"


def _table(kind: str, rows: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    if kind == "penalty":
        pool = [data.penalty_row(rng) for _ in range(rows // 4)]
    else:
        pool = [{"id": "", "received": "2024-05-01", "content": data.message(rng)}
                for _ in range(rows // 4)]
    out = []
    for i in range(rows):
        row = dict(rng.choice(pool))  # repeated rows: the distinct texts are fewer than cells
        for column in row:
            if rng.random() < 0.05:
                row[column] = ""
        if "id" in row:
            row["id"] = str(i)
        out.append(row)
    return pd.DataFrame(out, dtype=object)


def _key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.code, finding.row or 0, finding.field or "", repr(finding.params))


def _summed(parts: list[DeidResult], name: str) -> dict[str, object]:
    residual: dict[str, Counter[str]] = {}
    linked: Counter[str] = Counter()
    found: dict[str, Counter[str]] = {}
    cells: Counter[str] = Counter()
    for part in parts:
        for column, counts in part.report.residual.get(name, {}).items():
            residual.setdefault(column, Counter()).update(counts)
        linked.update(part.report.linked.get(name, {}))
        for f in part.report.fields:
            found.setdefault(f.field, Counter()).update(f.found)
            cells[f.field] += f.cells
    return {"residual": {c: dict(sorted(n.items())) for c, n in residual.items()},
            "linked": dict(sorted(linked.items())),
            "found": {c: dict(sorted(n.items())) for c, n in found.items()},
            "cells": dict(cells)}


@pytest.mark.parametrize("kind", ["penalty", "messages"])
def test_whole_table_equals_row_by_row(kind: str) -> None:
    df = _table(kind, 80, seed=12)
    dataset = data.dataset(kind)
    name = dataset.resources[0].name
    whole = deidentify(dataset, {name: df}, KEY)
    parts = [deidentify(dataset, {name: df.iloc[[i]].reset_index(drop=True)}, KEY)
             for i in range(len(df))]

    assert whole.tables[name].columns.tolist() == parts[0].tables[name].columns.tolist()
    assert whole.tables[name].to_numpy().tolist() == [
        part.tables[name].to_numpy().tolist()[0] for part in parts]
    expected = [replace(f, row=(f.row or 0) + i) for i, part in enumerate(parts)
                for f in part.findings]
    assert sorted(whole.findings, key=_key) == sorted(expected, key=_key)
    summed = _summed(parts, name)
    report = whole.report
    assert {c: dict(sorted(n.items())) for c, n in report.residual.get(name, {}).items()} == \
        summed["residual"]
    assert report.linked.get(name, {}) == summed["linked"]
    assert {f.field: f.found for f in report.fields} == summed["found"]
    assert {f.field: f.cells for f in report.fields} == summed["cells"]
    assert report.rows[name] == len(df)
