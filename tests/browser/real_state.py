"""The bureau's own datasets with pictures, released through the real read and de-identification
stages and recorded as published: for the picture tests and their screenshots."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from publisher.deid import deidentify
from publisher.models import (
    Approval,
    DeidReport,
    PublishItem,
    PublishRun,
    Release,
    ValidationReport,
)
from publisher.readers import read_frame
from publisher.release import ReleaseInfo, build_release
from publisher.services import Services
from publisher.state import record_check

ROOT = Path(__file__).resolve().parents[2]
WITH_VIEWS = ("budget-accounts", "bus-network", "penalty-decisions", "spot-check-results",
              "public-messages")
KEY = b"views-test-key-not-secret"


def overrides(tmp_path: Path, database_url: str) -> dict[str, Any]:
    return {"instance_dir": str(tmp_path / "var"), "datasets_dir": str(ROOT / "datasets"),
            "schemas_dir": str(ROOT / "schemas"), "database_url": database_url,
            "pseudonym_key": "test-key-not-secret"}


def release(services: Services, name: str, releases: Path) -> ReleaseInfo:
    loaded = services.load(name)
    assert loaded.dataset is not None, loaded.findings
    dataset = loaded.dataset
    tables = {r.name: read_frame(r) for r in dataset.resources}
    result = deidentify(dataset, tables, KEY)
    assert result.ok, [f.code for f in result.findings]
    return build_release(dataset, result.tables, {"deidentification": result.report.to_dict()},
                         releases, None)


def build(services: Services, names: tuple[str, ...] = WITH_VIEWS) -> dict[str, ReleaseInfo]:
    """Release and record ``names`` as published; returns their releases."""
    out = {}
    with services.db.session() as session:
        run = PublishRun(dry_run=False, status="finished", trigger="test", portal_url="embedded",
                         finished_at=datetime(2026, 11, 1, 10, 5))
        session.add(run)
        session.flush()
        for name in names:
            info = release(services, name, services.settings.instance_path / "releases")
            loaded = services.load(name)
            assert loaded.dataset is not None
            record_check(session, name, loaded.dataset, [])
            for res in loaded.dataset.resources:
                session.add(ValidationReport(dataset=name, resource=res.name, valid=True,
                                             source_sha256="0" * 64))
            row = Release(dataset=name, version=info.version, checksum=info.checksum,
                          path=str(info.path), manifest=info.manifest)
            session.add(row)
            session.flush()
            session.add(DeidReport(dataset=name, release_id=row.id, report={"fields": []}))
            session.add(Approval(release_id=row.id, checksum=info.checksum, reviewer="审查员"))
            session.add(PublishItem(run_id=run.id, dataset=name, outcome="published",
                                    release_version=info.version, created_at=datetime.now(),
                                    portal_url=f"embedded/dataset/{name}"))
            out[name] = info
    return out
