"""The dask engine gives what the local engine gives: the same findings (rows included), the
same de-identification report and byte-identical releases.

A generated dataset (fixed seed, 2,000 + 400 rows) is cut into partitions of 400 rows and sent
to a LocalCluster of two single-threaded worker processes, started once for the module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.dask_engine.data import NAME, write_dataset
from publisher.compute import DaskExecutor, LocalExecutor
from publisher.deid import deidentify
from publisher.load import load
from publisher.readers import read_frame
from publisher.services import Services
from publisher.settings import load_settings
from publisher.validate import validate

pytestmark = pytest.mark.slow

PARTITION = 400
KEY = b"test-key-not-secret"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes with one thread each, closed after the module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as local:
        yield local


@pytest.fixture
def dask_executor(cluster: Any) -> Iterator[DaskExecutor]:
    from distributed import Client

    executor = DaskExecutor(Client(cluster), partition_rows=PARTITION)
    yield executor
    executor.close()


def _dataset(root: Path) -> Any:
    loaded = load(root / "datasets", NAME, root / "schemas")
    assert loaded.dataset is not None, loaded.findings
    return loaded.dataset


def _findings(result: Any) -> list[dict[str, Any]]:
    return [f.to_dict() for f in result]


def test_validation_findings_are_the_local_ones(tmp_path: Path,
                                                dask_executor: DaskExecutor) -> None:
    dataset = _dataset(write_dataset(tmp_path, faults=True))
    local = validate(dataset)
    codes = {f.code for r in local.resources for f in r.findings}
    assert {"unique-error", "primary-key", "type-error", "constraint-error",
            "foreign-key"} <= codes  # the planted faults, in several partitions
    for executor in (LocalExecutor(PARTITION), dask_executor):
        other = validate(dataset, executor=executor)
        assert other.valid == local.valid
        for mine, theirs in zip(local.resources, other.resources, strict=True):
            assert theirs.row_count == mine.row_count
            assert _findings(theirs.findings) == _findings(mine.findings)
            assert theirs.reading == mine.reading


def test_deidentification_is_the_local_one(tmp_path: Path,
                                           dask_executor: DaskExecutor) -> None:
    dataset = _dataset(write_dataset(tmp_path, faults=True))
    tables = {r.name: read_frame(r) for r in dataset.resources}
    local = deidentify(dataset, tables, KEY)
    assert {f.code for f in local.findings} >= {"pii-detected"}  # rows of several partitions
    assert len({f.row for f in local.findings if f.row}) > 3
    assert any(k.rows_suppressed for k in local.report.k_anonymity)
    assert local.report.linked
    for executor in (LocalExecutor(PARTITION), dask_executor):
        other = deidentify(dataset, tables, KEY, executor)
        assert _findings(other.findings) == _findings(local.findings)
        assert other.report.to_dict() == local.report.to_dict()
        assert other.ok == local.ok
        for name, frame in local.tables.items():
            assert other.tables[name].equals(frame), name


def _release(root: Path, instance: str, engine: str, scheduler: str = "") -> Path:
    services = Services(load_settings(env={}, overrides={
        "instance_dir": str(root / instance),
        "datasets_dir": str(root / "datasets"), "schemas_dir": str(root / "schemas"),
        "database_url": f"sqlite:///{root / instance}.db", "pseudonym_key": KEY.decode(),
        "dask_scheduler": scheduler, "partition_rows": PARTITION}))
    from click.testing import CliRunner

    from publisher.cli import main

    try:
        result = CliRunner().invoke(main, ["publish", "--engine", engine, "--format", "json",
                                           NAME], obj=services, catch_exceptions=False)
    finally:
        services.close()
    [outcome] = json.loads(result.output)
    assert outcome["code"] == "release-unapproved", outcome  # built, waiting for review
    return root / instance / "releases" / NAME / str(outcome["release_version"])


def test_dask_release_is_byte_identical(tmp_path: Path, cluster: Any) -> None:
    root = write_dataset(tmp_path)
    local = _release(root, "local", "local")
    dask = _release(root, "dask", "dask", cluster.scheduler_address)

    def manifest(folder: Path) -> dict[str, Any]:
        """The manifest less its time and the XLSX files' sizes and hashes: an XLSX carries
        the time it was written (it is outside the content checksum; its cells are compared
        below)."""
        data = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        data.pop("created")
        for res in data["resources"]:
            for entry in res["downloads"]:
                if entry["format"] == "xlsx":
                    entry.pop("bytes"), entry.pop("hash")
        return data

    assert manifest(dask) == manifest(local)
    assert manifest(local)["publisher"]["checksum"]
    files = sorted(p.relative_to(local).as_posix() for p in local.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(dask).as_posix() for p in dask.rglob("*")
                           if p.is_file())
    timed = ("datapackage.json", "checksums.sha256")
    for rel in files:
        if rel.endswith(".xlsx"):
            assert _cells(dask / rel) == _cells(local / rel), rel
        elif rel not in timed:
            assert (dask / rel).read_bytes() == (local / rel).read_bytes(), rel

    def sums(folder: Path) -> list[str]:
        return [line for line in (folder / "checksums.sha256").read_text().splitlines()
                if not line.endswith(timed[0]) and not line.endswith(".xlsx")]

    assert sums(dask) == sums(local)


def _cells(path: Path) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def test_unknown_engine_is_a_settings_error(tmp_path: Path) -> None:
    from publisher.compute import executor_for
    from publisher.settings import SettingsError

    settings = load_settings(env={}, overrides={"instance_dir": str(tmp_path),
                                                "compute_engine": "spark"})
    assert executor_for(load_settings(env={}, overrides={"instance_dir": str(tmp_path)})) is None
    with pytest.raises(SettingsError, match="compute_engine"):
        executor_for(settings)
