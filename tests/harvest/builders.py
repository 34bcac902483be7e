"""Builders for the harvest tests: release manifests, state rows and hand-made records.

Imported as ``tests.harvest.builders`` (absolute, so it works in every pytest import mode).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from harvest.records import (
    CatalogRecord,
    DistributionRecord,
    Publisher,
    publisher_from,
    record_from_manifest,
)
from publisher.dataset import Dataset
from publisher.load import list_datasets, load
from publisher.models import PublishItem, PublishRun, Release
from publisher.services import Services

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://127.0.0.1:8080"
BUREAU = {"name": "汕尾市交通运输局", "name_en": "Shanwei Municipal Transport Bureau",
          "identifier": "11441500MB2C000138", "homepage": "http://127.0.0.1:8080/",
          "email": "open-data@example.org", "address": "广东省汕尾市城区", "spatial": 441500}
CSV = "日期,线路,客流\n2026-01-01,1路,120\n2026-01-02,1路,98\n"


def manifest(name: str, *, attribute: str = "proactive", version: int = 1,
             column: str = "行政执法", data: str = CSV) -> dict[str, Any]:
    """A release datapackage.json as the release contract shapes it."""
    raw = data.encode("utf-8")
    return {
        "name": name, "title": f"{name} 数据", "description": f"{name} 的说明",
        "version": str(version), "created": f"2026-11-{10 + version:02d}T10:00:00Z",
        "keywords": ["交通", "客流"], "licenses": [{"name": "CC-BY-4.0"}],
        "publisher": {
            "disclosure": {"attribute": attribute, "basis": "《政府信息公开条例》第二十条",
                           "exemption": ""},
            "department": "综运科", "catalogue": {"column": column, "openness": "结果"},
            "update_frequency": "P1M",
            "translations": {"en": {"title": f"{name} data", "description": f"About {name}"}},
            "temporal": {"start": "2026-01-01", "end": "2026-01-31"}, "spatial": "441500",
            "checksum": hashlib.sha256(raw).hexdigest()},
        "resources": [{
            "name": "flows", "path": "data/flows.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(raw),
            "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
            "schema": {"fields": [{"name": "日期", "type": "date"},
                                  {"name": "线路", "type": "string"},
                                  {"name": "客流", "type": "integer"}]}}],
    }


def add_release(services: Services, data: dict[str, Any], *, outcome: str = "published",
                detail: dict[str, Any] | None = None, write_files: bool = True) -> None:
    """Insert a Release and a publish run with one item for it; write the release folder."""
    name, version = data["name"], int(data["version"])
    folder = services.settings.instance_path / "releases" / name / str(version)
    if write_files:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "data" / "flows.csv").write_text(CSV, encoding="utf-8")
    with services.db.session() as session:
        session.add(Release(dataset=name, version=version, checksum="0" * 64,
                            path=str(folder), manifest=data))
        run = PublishRun(status="finished")
        session.add(run)
        session.flush()
        session.add(PublishItem(run_id=run.id, dataset=name, outcome=outcome,
                                release_version=version, detail=detail or {}))


def withdraw(services: Services, name: str) -> None:
    with services.db.session() as session:
        run = PublishRun(status="finished")
        session.add(run)
        session.flush()
        session.add(PublishItem(run_id=run.id, dataset=name, outcome="withdrawn"))


def sample_record(name: str = "bus-flows", **changes: Any) -> CatalogRecord:
    """A record built the way the service builds one, from a hand-made manifest."""
    record = record_from_manifest(manifest(name), publisher=publisher_from(BUREAU, SITE),
                                  site_url=SITE, base_url=SITE, bureau_spatial="441500",
                                  issued=datetime(2026, 11, 1, 8, 30))
    if changes:
        from dataclasses import replace

        record = replace(record, **changes)
    return record


def plain_record(name: str, title: str, text: str, keywords: tuple[str, ...],
                 size: int | None, sha: str) -> CatalogRecord:
    """A record with arbitrary text, for property tests."""
    pub = Publisher(f"{SITE}/organization/x", title or "p", "", "", "", "", "")
    uri = f"{SITE}/dataset/{name}"
    dist = DistributionRecord(f"{uri}/distribution/d", "d", title, f"{SITE}/a", f"{SITE}/b",
                              "text/csv", "CSV", size, sha, text, "CC-BY-4.0", f"{SITE}/s.json")
    return CatalogRecord(
        name=name, uri=uri, title_zh=title, title_en=text, description_zh=text,
        description_en=title, keywords=keywords, department=text, publisher=pub,
        licence="CC-BY-4.0", disclosure="proactive", frequency="MONTHLY",
        temporal_start=date(2020, 1, 1), temporal_end=None, spatial=(f"{SITE}/spatial/1",),
        themes=("TRAN",), issued=datetime(2026, 1, 2, 3, 4, 5), modified=None, version="7",
        landing_page=f"{SITE}/datasets/{name}", distributions=(dist,))


def manifest_from_dataset(ds: Dataset) -> dict[str, Any]:
    """What a release of a declared dataset would carry (release contract), for feed tests."""
    resources = []
    for res in ds.resources:
        raw = res.path.read_bytes() if res.path.is_file() else b""
        resources.append({
            "name": res.name, "path": f"data/{res.name}.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(raw),
            "hash": "sha256:" + hashlib.sha256(raw).hexdigest(), "schema": res.schema or {}})
    descriptor = ds.descriptor
    return {
        "name": ds.name, "title": ds.title, "description": ds.description, "version": "1",
        "created": "2026-11-26T10:00:00Z", "keywords": list(ds.keywords),
        "licenses": [{"name": ds.license}],
        "publisher": {
            "disclosure": {"attribute": ds.disclosure.attribute, "basis": ds.disclosure.basis,
                           "exemption": ds.disclosure.exemption},
            "department": ds.department,
            "catalogue": {"column": ds.catalogue_column, "openness": ds.openness},
            "update_frequency": ds.update_frequency, "translations": ds.translations,
            "temporal": descriptor.get("temporal") or {},
            "spatial": str(descriptor.get("spatial") or ""), "checksum": ""},
        "resources": resources,
    }


def proactive_datasets() -> list[str]:
    """Names of the declared datasets in datasets/ whose attribute is proactive."""
    folder = ROOT / "datasets"
    out = []
    for name in list_datasets(folder):
        loaded = load(folder, name, ROOT / "schemas")
        if loaded.dataset is not None and loaded.dataset.disclosure.attribute == "proactive":
            out.append(name)
    return out


def declared_record(name: str) -> CatalogRecord:
    loaded = load(ROOT / "datasets", name, ROOT / "schemas")
    assert loaded.dataset is not None
    return record_from_manifest(manifest_from_dataset(loaded.dataset),
                                publisher=publisher_from(BUREAU, SITE), site_url=SITE,
                                base_url=SITE, bureau_spatial="441500")
