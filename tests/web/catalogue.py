"""A small catalogue of synthetic datasets and a seeded state database for the status API.

Four datasets: ``bus-stops`` (proactive, published), ``fare-table`` (proactive, never
published), ``staff-roster`` (withheld) and ``complaint-log`` (on request). The state database
records a publish item for every one of them, withheld ones included, so the access tests
prove the API hides them by their attribute, not by luck.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from publisher.models import (
    DeidReport,
    PublishItem,
    PublishRun,
    Release,
    ValidationReport,
)
from publisher.services import Services
from publisher.state import record_check

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "bus-stops"
HIDDEN = ("staff-roster", "complaint-log")
UNPUBLISHED = "fare-table"

SCHEMA = {
    "fields": [
        {"name": "stop_id", "type": "string", "title": "站点编号"},
        {"name": "stop_name", "type": "string", "title": "站点名称"},
        {"name": "district", "type": "string", "title": "所在区"},
    ],
    "primaryKey": ["stop_id"],
}
ROWS = "stop_id,stop_name,district\nS001,汕尾站,城区\nS002,海丰汽车站,海丰县\n"


def descriptor(name: str, title: str, attribute: str, **extra: Any) -> dict[str, Any]:
    disclosure: dict[str, str] = {"attribute": attribute, "basis": "《政府信息公开条例》第二十条"}
    if attribute != "proactive":
        disclosure["reason"] = "内部管理信息" if attribute == "withheld" else "涉及第三方权益"
    return {
        "name": name, "title": title, "description": f"{title}（合成测试数据）",
        "disclosure": disclosure, "department": "综运科",
        "catalogue": {"column": "公共服务", "openness": "服务"},
        "update_frequency": "P1M", "review": "automatic",
        "keywords": ["交通"], "translations": {"en": {"title": name, "description": name}},
        "resources": [{"name": "stops", "path": "data/stops.csv", "format": "csv",
                       "schema": "stops.json"}],
        **extra,
    }


CATALOGUE = {
    PUBLIC: descriptor(PUBLIC, "公交站点", "proactive"),
    UNPUBLISHED: descriptor(UNPUBLISHED, "票价表", "proactive", policy_document=True,
                            issued="2024-09-27"),
    "staff-roster": descriptor("staff-roster", "人员名册", "withheld"),
    "complaint-log": descriptor("complaint-log", "投诉登记", "on_request"),
}



def manifest(name: str, attribute: str) -> dict[str, Any]:
    return {"name": name, "version": "1",
            "publisher": {"disclosure": {"attribute": attribute}}}


def seed(services: Services) -> None:
    """Check every dataset, record reports and releases, and a run that 'published' all."""
    with services.db.session() as session:
        for name in CATALOGUE:
            loaded, findings = services.check(name)
            record_check(session, name, loaded.dataset, findings)
        run = PublishRun(status="finished", trigger="cli", finished_at=datetime(2025, 1, 1),
                         started_at=datetime(2025, 1, 1))
        session.add(run)
        session.flush()
        for name, raw in CATALOGUE.items():
            attribute = raw["disclosure"]["attribute"]
            session.add(ValidationReport(
                dataset=name, resource="stops", source_sha256="a" * 64, valid=name != PUBLIC,
                error_count=0 if name != PUBLIC else 3,
                counts={} if name != PUBLIC else {"type-error": 2, "missing-cell": 1}))
            release = Release(dataset=name, version=1, checksum="c" * 64, path=f"r/{name}/1",
                              manifest=manifest(name, attribute),
                              created_at=datetime(2025, 1, 1))
            session.add(release)
            session.flush()
            session.add(DeidReport(dataset=name, release_id=release.id,
                                   report={"cells": 7, "fields": {"stop_name": {"count": 7}}}))
            if name != UNPUBLISHED:
                session.add(PublishItem(run_id=run.id, dataset=name, outcome="published",
                                        release_version=1, created_at=datetime(2025, 1, 1),
                                        portal_url=f"http://127.0.0.1/dataset/{name}"))
        # a newer, not yet published release of the public dataset
        session.add(Release(dataset=PUBLIC, version=2, checksum="d" * 64, path="r/2",
                            manifest=manifest(PUBLIC, "proactive")))



def wait_for_run(client: Any, location: str, headers: dict[str, str],
                 timeout: float = 30.0) -> dict[str, Any]:
    """Poll a run until it leaves 'running'; returns the last body."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(location, headers=headers).get_json()
        if body["status"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.05)
