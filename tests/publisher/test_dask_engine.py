"""The dask engine gives what the local engine gives: the same findings (rows included), the
same de-identification report and byte-identical releases.

A generated dataset (fixed seed, 2,000 + 400 rows) is cut into partitions of 400 rows and sent
to a LocalCluster of two single-threaded worker processes, started once for the module.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher import synth
from publisher.compute import DaskExecutor, LocalExecutor
from publisher.deid import deidentify
from publisher.deid.partitioned import deidentify_partitioned
from publisher.load import load
from publisher.readers import read_frame
from publisher.services import Services
from publisher.settings import load_settings
from publisher.validate import validate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAME = "dask-check"
ROWS, FOLLOWUPS, PARTITION = 2000, 400, 400
KEY = b"test-key-not-secret"

DATAPACKAGE = f"""\
name: {NAME}
title: 分区核对数据
description: 合成的投诉记录及回访记录，用于核对分区处理与本地处理结果一致。
keywords: [测试]
licenses:
  - name: CC-BY-4.0
department: 执法局
catalogue:
  column: 行政执法
  openness: 结果
disclosure:
  attribute: proactive
  basis: 《中华人民共和国政府信息公开条例》第二十条
  reason: ""
  exemption: ""
update_frequency: P1M
review: required
policy_document: false
translations:
  en:
    title: Partition check data
    description: Synthetic complaints and follow-ups.
resources:
  - name: complaints
    title: 投诉记录
    path: data/complaints.csv
    format: csv
    schema: dask-complaints.json
  - name: followups
    title: 回访记录
    path: data/followups.csv
    format: csv
    schema: dask-followups.json
"""


def _privacy(category: str, action: str) -> dict[str, str]:
    return {"category": category, "action": action, "basis": "测试"}


COMPLAINTS = {
    "primaryKey": ["record_id"],
    "kAnonymity": {"quasiIdentifiers": ["district", "age_group"], "k": 3,
                   "onViolation": "suppress"},
    "fields": [
        {"name": "record_id", "type": "string",
         "constraints": {"required": True, "unique": True, "pattern": "R[0-9]{6}"}},
        {"name": "district", "type": "string", "constraints": {"required": True}},
        {"name": "age_group", "type": "string"},
        {"name": "name", "type": "string", "privacy": _privacy("person_name", "pseudonymize")},
        {"name": "phone", "type": "string", "privacy": _privacy("phone", "mask")},
        {"name": "id_number", "type": "string", "privacy": _privacy("id_number", "redact")},
        {"name": "plate", "type": "string", "privacy": _privacy("plate", "mask")},
        {"name": "fine", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "content", "type": "string", "privacy": _privacy("free_text", "redact")},
        {"name": "remark", "type": "string"},
    ],
}
FOLLOWUPS_SCHEMA = {
    "primaryKey": ["followup_id"],
    "foreignKeys": [{"fields": ["record_id"],
                     "reference": {"resource": "complaints", "fields": ["record_id"]}}],
    "fields": [
        {"name": "followup_id", "type": "integer", "constraints": {"required": True}},
        {"name": "record_id", "type": "string"},
        {"name": "note", "type": "string", "privacy": _privacy("free_text", "redact")},
    ],
}
BANDS = ("18-29", "30-39", "40-49", "50-59", "60-69")


def write_dataset(root: Path, *, faults: bool = False) -> Path:
    """datasets/ and schemas/ under ``root``; ``faults`` plants validation errors and
    identifiers in a field without a policy."""
    rng = random.Random(20260421)
    datasets, schemas = root / "datasets", root / "schemas"
    folder = datasets / NAME
    (folder / "data").mkdir(parents=True)
    schemas.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    (folder / "datapackage.yaml").write_text(DATAPACKAGE, encoding="utf-8")
    (folder / "README.md").write_text(f"# {NAME}\n\nSynthetic data.\n", encoding="utf-8")
    (schemas / "dask-complaints.json").write_text(json.dumps(COMPLAINTS, ensure_ascii=False),
                                                  encoding="utf-8")
    (schemas / "dask-followups.json").write_text(json.dumps(FOLLOWUPS_SCHEMA),
                                                 encoding="utf-8")
    areas = list(synth.SHANWEI_AREAS.values())
    names: list[str] = []
    rows: list[list[str]] = []
    for i in range(ROWS):
        name, phone, plate = synth.person_name(rng), synth.mobile(rng), synth.plate(rng)
        names.append(name)
        other = names[rng.randrange(len(names))]
        district = "红海湾" if i % 997 == 5 else rng.choice(areas)  # a few groups below k
        content = (f"本人{name}于{synth.event_date(rng)}乘坐{plate}，司机{other}绕路。"
                   f"联系电话{phone}，{synth.honorific(rng, name)}。")
        remark = "无"
        if faults and i % 400 == 7:
            remark = f"已电话联系{synth.mobile(rng)}"
        fine = str(rng.randrange(0, 5000))
        if faults and i % 450 == 11:
            fine = "-5" if i % 900 == 11 else "二百"
        record = f"R{i:06d}" if not (faults and i % 700 == 3) else "R000001"
        rows.append([record, district, rng.choice(BANDS), name, phone,
                     synth.resident_id(rng), plate, fine, content, remark])
    header = [f["name"] for f in COMPLAINTS["fields"]]
    _write(folder / "data" / "complaints.csv", header, rows)
    follow = []
    for j in range(FOLLOWUPS):
        ref = f"R{rng.randrange(ROWS):06d}" if not (faults and j % 250 == 9) else "R999999"
        follow.append([str(j + 1), ref, f"回访时{names[rng.randrange(ROWS)]}表示满意。"])
    _write(folder / "data" / "followups.csv", ["followup_id", "record_id", "note"], follow)
    return root


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes with one thread each, closed after the module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local:
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
        other = deidentify_partitioned(dataset, tables, KEY, executor)
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
