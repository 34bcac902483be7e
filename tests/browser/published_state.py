"""A small published state built from scratch, for the page tests (no other branch needed).

Six datasets in a temporary datasets folder: two public (one with personal fields, released
de-identified here), one withheld and one on-request that were wrongly recorded as published,
one proactive but unapproved, one invalid. Raw personal values planted in the source data are
returned so tests can prove that no page or download ever shows them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from publisher import synth
from publisher.models import (
    Approval,
    DeidReport,
    PublishItem,
    PublishRun,
    Release,
    ValidationReport,
)
from publisher.release import build_release
from publisher.services import Services
from publisher.state import record_check

ROOT = Path(__file__).resolve().parents[2]
KEY = b"pages-test-key-not-secret"

PUBLIC = ("bus-stops", "penalty-cases")
HIDDEN = ("personnel-files", "vehicle-permits", "road-projects", "budget-2026")
HIDDEN_TITLES = ("人事档案目录", "车辆营运许可档案", "道路建设项目清单", "部门预算执行表")
INTERPRETATION = ("# 公交站点数据解读\n\n本数据集列出全市公交站点。\n\n- 每月更新\n- 坐标为示意\n\n"
                  "<script>alert('x')</script> **重点**：站点编码不变。\n")


def _schema(fields: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {"fields": fields, "primaryKey": [key]}


SCHEMAS = {
    "bus-stops.json": _schema([
        {"name": "stop_id", "type": "string"}, {"name": "stop_name", "type": "string"},
        {"name": "district", "type": "string"}], "stop_id"),
    "penalty-cases.json": _schema([
        {"name": "case_no", "type": "string"},
        {"name": "party_name", "type": "string",
         "privacy": {"category": "person_name", "action": "pseudonymize", "basis": "GB/T 37964"}},
        {"name": "phone", "type": "string",
         "privacy": {"category": "phone", "action": "mask", "basis": "GB/T 37964"}},
        {"name": "id_number", "type": "string", "checkDigit": "gb11643",
         "privacy": {"category": "id_number", "action": "drop", "basis": "GB/T 37964"}},
        {"name": "violation", "type": "string"}], "case_no"),
    "simple.json": _schema([{"name": "code", "type": "string"},
                            {"name": "item", "type": "string"}], "code"),
}


def _descriptor(name: str, title: str, en: str, attribute: str, department: str, column: str,
                openness: str, schema: str, **extra: Any) -> dict[str, Any]:
    disclosure: dict[str, Any] = {"attribute": attribute,
                                  "basis": "《中华人民共和国政府信息公开条例》第二十条"}
    if attribute != "proactive":
        disclosure["reason"] = "涉及个人隐私" if attribute == "withheld" else "仅向申请人提供"
        disclosure["basis"] = "《中华人民共和国政府信息公开条例》第十五条"
    return {"name": name, "title": title, "description": f"{title}（测试数据）",
            "translations": {"en": {"title": en, "description": f"{en} (test data)"}},
            "disclosure": disclosure, "department": department,
            "catalogue": {"column": column, "openness": openness},
            "update_frequency": "P1M", "keywords": extra.pop("keywords", [title[:2]]),
            "licenses": [{"name": "CC-BY-4.0"}],
            "resources": [{"name": name.split("-")[0], "path": f"data/{name}.csv",
                           "schema": schema}], **extra}


DESCRIPTORS = [
    _descriptor("bus-stops", "公交站点", "Bus stops", "proactive", "综运科", "公共服务", "服务",
                "bus-stops.json", keywords=["公交", "站点"], interpretation="interpretation.md"),
    _descriptor("penalty-cases", "行政处罚案件", "Administrative penalty cases", "proactive",
                "执法局", "行政执法", "结果", "penalty-cases.json", keywords=["处罚"]),
    _descriptor("personnel-files", HIDDEN_TITLES[0], "Personnel files", "withheld", "人事科",
                "人事信息", "管理", "simple.json"),
    _descriptor("vehicle-permits", HIDDEN_TITLES[1], "Vehicle permits", "on_request", "综运科",
                "依申请公开", "管理", "simple.json"),
    _descriptor("road-projects", HIDDEN_TITLES[2], "Road projects", "proactive", "基建科",
                "重大项目", "执行", "simple.json"),
    _descriptor("budget-2026", HIDDEN_TITLES[3], "Budget 2026", "proactive", "财审科",
                "财政预决算", "决策", "simple.json"),
]


@dataclass
class State:
    token: str
    secrets: list[str] = field(default_factory=list)  # raw personal values in the sources
    versions: dict[str, int] = field(default_factory=dict)


def write_datasets(datasets: Path, schemas: Path) -> dict[str, pd.DataFrame]:
    """The descriptors, schemas and source CSVs; returns the source tables by dataset."""
    datasets.mkdir(parents=True, exist_ok=True)
    schemas.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    for file, schema in SCHEMAS.items():
        (schemas / file).write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    rng = random.Random(9)
    districts = list(synth.SHANWEI_AREAS.values())
    tables = {
        "bus-stops": pd.DataFrame({
            "stop_id": [f"S{i:04d}" for i in range(1, 46)],
            "stop_name": [f"{synth.ROADS[i % len(synth.ROADS)]}站{i}" for i in range(1, 46)],
            "district": [districts[i % len(districts)] for i in range(1, 46)]}, dtype="string"),
        "penalty-cases": pd.DataFrame({
            "case_no": [f"汕交罚〔2026〕{i:03d}号" for i in range(1, 13)],
            "party_name": [synth.person_name(rng) for _ in range(12)],
            "phone": [synth.mobile(rng) for _ in range(12)],
            "id_number": [synth.resident_id(rng) for _ in range(12)],
            "violation": ["未按规定线路运营"] * 12}, dtype="string"),
    }
    simple = pd.DataFrame({"code": ["001", "002"], "item": ["甲", "乙"]}, dtype="string")
    for spec in DESCRIPTORS:
        folder = datasets / spec["name"]
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "datapackage.yaml").write_text(
            yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        frame = tables.get(spec["name"], simple)
        frame.to_csv(folder / "data" / f"{spec['name']}.csv", index=False)
    (datasets / "bus-stops" / "interpretation.md").write_text(INTERPRETATION, encoding="utf-8")
    return tables


def deidentify(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The penalty table as its policies release it, and a counts-only report."""
    out = frame.drop(columns=["id_number"]).copy()
    out["party_name"] = [
        "P-" + hmac.new(KEY, v.encode(), hashlib.sha256).hexdigest()[:10] for v in frame.party_name]
    out["phone"] = [v[:3] + "****" + v[-2:] for v in frame.phone]
    n = len(frame)
    fields = [{"resource": "penalty", "field": f, "category": c, "action": a, "cells": n,
               "found": {}} for f, c, a in (("party_name", "person_name", "pseudonymize"),
                                            ("phone", "phone", "mask"),
                                            ("id_number", "id_number", "drop"))]
    return out, {"dataset": "penalty-cases", "key_fingerprint": "0" * 16, "detectors": {},
                 "rows": {"penalty": n}, "fields": fields, "counts": {}, "residual": {},
                 "k_anonymity": [], "k_reached": None}


def build(services: Services) -> State:
    """Release, record and publish the datasets into the services' state database."""
    settings = services.settings
    tables = write_datasets(settings.datasets_path, settings.schemas_path)
    penalty, report = deidentify(tables["penalty-cases"])
    state = State(token="")
    source = tables["penalty-cases"]
    state.secrets = [*source.party_name, *source.phone, *source.id_number]
    simple = pd.DataFrame({"code": ["001", "002"], "item": ["甲", "乙"]}, dtype="string")
    released = {"bus-stops": tables["bus-stops"], "penalty-cases": penalty}
    with services.db.session() as session:
        run = PublishRun(dry_run=False, status="finished", trigger="test", portal_url="embedded",
                         finished_at=datetime(2026, 11, 1, 10, 5))
        session.add(run)
        session.flush()
        for name in services.dataset_names():
            loaded = services.load(name)
            assert loaded.dataset is not None and not loaded.findings, loaded.findings
            record_check(session, name, loaded.dataset, [])
            if name == "budget-2026":
                session.add(ValidationReport(dataset=name, resource="budget", valid=False,
                                             source_sha256="0" * 64, error_count=3,
                                             counts={"type-error": 2, "required-error": 1}))
                session.add(PublishItem(run_id=run.id, dataset=name, outcome="blocked",
                                        code="validation-failed",
                                        detail={"detail": "required-error: 1; type-error: 2"}))
                continue
            session.add(ValidationReport(dataset=name, resource=name.split("-")[0], valid=True,
                                         source_sha256="0" * 64))
            dataset = loaded.dataset
            frame = released.get(name, simple)
            resource = dataset.resources[0].name
            deid = report if name == "penalty-cases" else {"fields": []}
            info = build_release(dataset, {resource: frame}, {"deidentification": deid},
                                 settings.instance_path / "releases", None)
            if name in ("personnel-files", "vehicle-permits"):
                # As if released while still proactive: the manifest says so, the descriptor
                # no longer does. The pages must follow the descriptor and hide them.
                info.manifest["publisher"]["disclosure"]["attribute"] = "proactive"
            row = Release(dataset=name, version=info.version, checksum=info.checksum,
                          path=str(info.path), manifest=info.manifest)
            session.add(row)
            session.flush()
            session.add(DeidReport(dataset=name, release_id=row.id, report=deid))
            state.versions[name] = info.version
            if name == "road-projects":
                session.add(PublishItem(run_id=run.id, dataset=name, outcome="blocked",
                                        code="release-unapproved", release_version=info.version,
                                        detail={"detail": "publisher approve road-projects"}))
                continue
            session.add(Approval(release_id=row.id, checksum=info.checksum, reviewer="审查员"))
            # penalty-cases was published long ago: monthly, so it is overdue.
            when = datetime(2025, 1, 5) if name == "penalty-cases" else datetime.now()
            session.add(PublishItem(run_id=run.id, dataset=name, outcome="published",
                                    release_version=info.version, created_at=when,
                                    portal_url=f"embedded/dataset/{name}"))
    from publisher.web.tokens import create_token

    state.token = create_token(services, "测试管理员")
    return state


def overrides(tmp_path: Path, database_url: str) -> dict[str, Any]:
    """Settings of a fresh instance over this module's datasets (written by :func:`build`)."""
    return {"instance_dir": str(tmp_path / "var"), "datasets_dir": str(tmp_path / "datasets"),
            "schemas_dir": str(tmp_path / "schemas"), "database_url": database_url,
            "pseudonym_key": "test-key-not-secret"}
