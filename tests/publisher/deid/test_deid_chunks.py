"""De-identification in chunks gives exactly what one whole table gives: the released rows,
the report and the findings (row numbers included), whatever the chunk size."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.dataset import Dataset
from publisher.deid import deidentify
from publisher.deid.chunks import Facts, Gathered, deidentify_chunk, facts_from, gather_chunk
from publisher.deid.stage import deidentify_stream
from publisher.load import list_datasets, load
from publisher.readers import iter_frames, read_frame
from publisher.release import ReleaseWriter, build_release

KEY = b"test-key-chunks"
ROOT = Path(__file__).resolve().parents[3]


def _leaky(kit: ModuleType, n: int = 40) -> pd.DataFrame:
    """A table whose release is blocked: a column without a policy repeats phone numbers
    (detected) and some facts repeat another row's address (the independent scan)."""
    source = kit.table(n, seed=11)
    source["note"] = ["" if i % 3 else f"回访电话1380013{i:04d}" for i in range(n)]
    for i in range(0, n, 7):
        source.loc[i, "facts"] = f"另查明其住址是{source.loc[(i + 1) % n, 'address']}"
    return source


def _digest(report: dict[str, Any], findings: list[Any],
            tables: dict[str, pd.DataFrame]) -> tuple[str, str, dict[str, str]]:
    from publisher.release import _csv_bytes

    return (json.dumps(report, ensure_ascii=False),
            json.dumps([f.to_dict() for f in findings], ensure_ascii=False),
            {n: hashlib.sha256(_csv_bytes(t)).hexdigest() for n, t in tables.items()})


def _chunked(dataset: Dataset, rows: int) -> tuple[str, str, dict[str, str]]:
    resources = {r.name: r for r in dataset.resources}
    out: dict[str, list[pd.DataFrame]] = {}
    result = deidentify_stream(dataset, list(resources),
                               lambda name: iter_frames(resources[name], rows), KEY,
                               lambda name, frame: out.setdefault(name, []).append(frame))
    tables = {n: pd.concat(parts, ignore_index=True) for n, parts in out.items()}
    return _digest(result.report.to_dict(), result.findings, tables)


def _whole(dataset: Dataset) -> tuple[str, str, dict[str, str]]:
    result = deidentify(dataset, {r.name: read_frame(r) for r in dataset.resources}, KEY)
    return _digest(result.report.to_dict(), result.findings, result.tables)


@pytest.mark.parametrize(("k", "on_violation"), [(1, "fail"), (3, "fail"), (3, "suppress")])
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(min_value=1, max_value=45))
def test_any_chunk_size_gives_the_whole_tables_result(kit: ModuleType, tmp_path: Path,
                                                      k: int, on_violation: str,
                                                      rows: int) -> None:
    dataset = kit.write_dataset(tmp_path, _leaky(kit), k=k, on_violation=on_violation)
    whole = _whole(dataset)
    assert json.loads(whole[1]), "the table is meant to give findings"
    assert _chunked(dataset, rows) == whole


@pytest.mark.parametrize("name", [n for n in list_datasets(ROOT / "datasets")])
def test_shipped_datasets_in_tiny_chunks(name: str) -> None:
    loaded = load(ROOT / "datasets", name, ROOT / "schemas")
    if loaded.dataset is None:
        pytest.skip(f"{name}: refused descriptor")
    dataset = loaded.dataset
    if not any(r.policies for r in dataset.resources):
        pytest.skip(f"{name}: no privacy policies")
    size = max(1, max(len(read_frame(r)) for r in dataset.resources) // 5)
    assert _chunked(dataset, size) == _whole(dataset)


def test_release_written_in_chunks_is_byte_identical(kit: ModuleType, tmp_path: Path) -> None:
    source = kit.table(30, seed=4)
    dataset = kit.write_dataset(tmp_path, source)
    whole = deidentify(dataset, {"decisions": read_frame(dataset.resources[0])}, KEY)
    one = build_release(dataset, whole.tables, {"deidentification": {}}, tmp_path / "a", None)
    writer = ReleaseWriter(dataset, tmp_path / "b", None)
    resource = dataset.resources[0]
    deidentify_stream(dataset, [resource.name], lambda _: iter_frames(resource, 4), KEY,
                      writer.write)
    many = writer.finish({"deidentification": {}})
    assert many.checksum == one.checksum
    for rel in ("data/decisions.csv", "data/decisions.excel.csv"):
        assert (many.path / rel).read_bytes() == (one.path / rel).read_bytes()
    again = ReleaseWriter(dataset, tmp_path / "b", (many.version, many.checksum))
    again.write("decisions", whole.tables["decisions"])
    same = again.finish({})
    assert not same.new and same.version == many.version
    assert [p.name for p in (tmp_path / "b" / dataset.name).iterdir()] == ["1"]


def test_frames_join_to_the_whole_frame(kit: ModuleType, tmp_path: Path) -> None:
    dataset = kit.write_dataset(tmp_path, kit.table(23, seed=2))
    resource = dataset.resources[0]
    parts = list(iter_frames(resource, 5))
    assert [len(p) for p in parts] == [5, 5, 5, 5, 3]
    joined = pd.concat(parts, ignore_index=True)
    assert joined.equals(read_frame(resource).astype(object))


def test_chunk_function_and_facts_travel_by_pickle(kit: ModuleType, tmp_path: Path) -> None:
    """What a distributed engine ships to its workers: the facts and a chunk."""
    dataset = kit.write_dataset(tmp_path, _leaky(kit, 12))
    frame = next(iter_frames(dataset.resources[0]))
    gathered = Gathered().update(gather_chunk(dataset, "decisions", frame))
    facts = facts_from(dataset, gathered)
    here = deidentify_chunk(dataset, "decisions", frame, facts, KEY)
    facts.name_index()  # built indexes stay behind
    shipped: Facts = pickle.loads(pickle.dumps(facts))
    there = pickle.loads(pickle.dumps(deidentify_chunk(*pickle.loads(pickle.dumps(
        (dataset, "decisions", frame, shipped, KEY))))))
    assert there.frame.equals(here.frame)
    assert there.detected == here.detected and there.independent == here.independent
