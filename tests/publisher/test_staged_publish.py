"""A publish over a live release is staged: anonymous readers polling the portal during a run,
and after a run killed at several points, see the old release whole or the new one whole (file,
package metadata, DataStore rows), never a mix; the next run cleans up what a killed run left.

`publisher publish` runs as a real process; a reader thread polls the embedded portal as an
anonymous client the whole time. Kill points are chosen by progress lines, never by sleeping.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from publisher.app import create_app
from publisher.portal.models import PortalDatastore, PortalPackage, PortalResource
from publisher.services import Services
from publisher.sync import SUPERSEDED, staging_name
from tests.publisher.run_support import NAMES, assert_exact_state, env_of, run_until, start

pytestmark = [pytest.mark.db, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
#: One cell changed in each dataset: a steward's correction, so the next run builds release 2.
EDITS = {"budget-accounts": ("data/expenditure.csv", "行政运行,", "行政运行支出,"),
         "major-projects": ("data/projects.csv", ",896.96,", ",906.96,")}
Snapshot = tuple[Any, ...]


def snapshot(web: FlaskClient, name: str) -> Snapshot | None:
    """What an anonymous reader gets of one dataset, or None when a part it named went away
    between two requests (a replaced resource cleaned up): the reader then reads again."""
    answer = web.get("/api/3/action/package_show", query_string={"id": name})
    if answer.status_code != 200:
        return None
    pkg = answer.get_json()["result"]
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    parts = []
    for res in sorted(pkg["resources"], key=lambda r: r["name"]):
        body = web.get(urlsplit(res["url"]).path)
        found = web.get("/api/3/action/datastore_search",
                        query_string={"resource_id": res["id"], "limit": 32000})
        if body.status_code != 200 or found.status_code != 200:
            body.close()
            return None
        digest = hashlib.sha256(body.data).hexdigest()
        body.close()
        # Each part agrees with the metadata beside it: file and table of this resource.
        assert digest == res["hash"] == res["datastore_hash"], (name, res["name"])
        rows = sorted(json.dumps({k: v for k, v in r.items() if k != "_id"}, sort_keys=True,
                                 ensure_ascii=False) for r in found.get_json()["result"]["records"])
        parts.append((res["name"], digest, len(rows),
                      hashlib.sha256("\n".join(rows).encode()).hexdigest()))
    return (extras.get("release_version"), extras.get("release_checksum"), pkg["title"],
            tuple(parts))


class Reader(threading.Thread):
    """Polls every dataset as an anonymous reader until stopped; keeps what it saw."""

    def __init__(self, services: Services) -> None:
        super().__init__(daemon=True)
        self.services = services
        self.stop = threading.Event()
        self.seen: dict[str, set[Snapshot]] = {n: set() for n in NAMES}
        self.reads = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        web = create_app(services=self.services).test_client()
        try:
            while not self.stop.is_set():
                for name in NAMES:
                    got = snapshot(web, name)
                    if got is not None:
                        self.seen[name].add(got)
                        self.reads += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc


@pytest.fixture
def instance(tmp_path: Path, settings_overrides: dict[str, Any]) -> dict[str, Any]:
    """Settings over a copy of the two datasets, which the test edits between releases."""
    datasets = tmp_path / "datasets"
    for name in NAMES:
        shutil.copytree(ROOT / "datasets" / name, datasets / name)
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    return {**settings_overrides, "datasets_dir": str(datasets)}


def publish(env: dict[str, str]) -> None:
    proc = start(env)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def leftovers(services: Services) -> list[str]:
    """What staging left: resources in a staging package, a superseded record, DataStore
    tables of resources no longer active."""
    found = []
    with services.db.session() as session:
        for name in NAMES:
            pkg = session.scalar(select(PortalPackage).where(
                PortalPackage.name == staging_name(name)))
            if pkg is None:
                continue
            assert pkg.private, "a staging package is never public"
            active = session.scalars(select(PortalResource.id).where(
                PortalResource.package_id == pkg.id, PortalResource.state == "active")).all()
            found += [f"staged resource in {pkg.name}" for _ in active]
            if any(e.get("key") == SUPERSEDED for e in pkg.data.get("extras", [])):
                found.append(f"superseded record in {pkg.name}")
        for meta in session.scalars(select(PortalDatastore)):
            res = session.get(PortalResource, meta.resource_id)
            if res is None or res.state != "active":
                found.append("DataStore table of a replaced resource")
    return found


def test_readers_see_the_old_release_or_the_new_one_through_kills(services, instance):
    env = env_of(instance)
    publish(env)
    web = create_app(services=services).test_client()
    old = {n: snapshot(web, n) for n in NAMES}
    folder = Path(instance["datasets_dir"])
    for name, (path, before, after) in EDITS.items():
        file = folder / name / path
        text = file.read_text(encoding="utf-8")
        assert text.count(before) == 1
        file.write_text(text.replace(before, after), encoding="utf-8")
    reader = Reader(services)
    reader.start()
    try:
        kills = 0
        for event in (1, 2, 4, 7, 11, 3):
            killed, log = run_until(env, event)
            assert "Traceback" not in log
            kills += killed
            for name in NAMES:  # after each kill: one release or the other, whole
                got = snapshot(web, name)
                assert got is not None
                reader.seen[name].add(got)
        assert kills >= 4
        publish(env)
    finally:
        reader.stop.set()
        reader.join(timeout=120)
    assert reader.error is None, reader.error
    assert reader.reads > 0
    new = {n: snapshot(web, n) for n in NAMES}
    for name in NAMES:
        assert new[name] != old[name]
        assert reader.seen[name] <= {old[name], new[name]}, name
    assert_exact_state(services)
    assert leftovers(services) == []
