"""The ``ckan`` harvest source reads a dataset of another catalogue through ckanapi: on the
embedded portal and on a real CKAN, with the same observable result."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from harvest.sources import SourceContext, SourceError, TargetSpec, fetch
from tests.conformance.conftest import Portal

BODY = "站点编号,站点名称\nS001,汕尾汽车站\nS002,品清湖\n".encode()


def _client(url: str, token: str | None) -> Any:
    return ckanapi.RemoteCKAN(url, apikey=token, user_agent="publisher-conformance/1")


def _published(portal: Portal) -> dict[str, Any]:
    org = portal.org()
    package = portal.admin.action.package_create(name=portal.name("stops"), title="站点",
                                                 owner_org=org["id"], private=False)
    portal.admin.action.resource_create(package_id=package["id"], name="stops", format="CSV",
                                        upload=("stops.csv", io.BytesIO(BODY)))
    result: dict[str, Any] = portal.admin.action.package_show(id=package["id"])
    return result


def test_remote_dataset_resource_is_fetched_with_provenance(portal: Portal,
                                                            tmp_path: Path) -> None:
    package = _published(portal)
    ctx = SourceContext(secret=lambda name: portal.url if name == "remote" else None,
                        timeout=30, ckan_client=_client)
    target = TargetSpec(path=tmp_path / "stops.csv", schema=None, encoding="utf-8",
                        format="csv")
    snap = fetch({"kind": "ckan", "url_secret": "remote", "dataset": package["name"],
                  "resource": "stops"}, target, ctx)
    assert target.path.read_bytes() == BODY
    assert snap.fingerprint == hashlib.sha256(BODY).hexdigest()
    assert snap.provenance["dataset_id"] == package["id"]
    assert snap.provenance["resource_id"] == package["resources"][0]["id"]
    assert snap.provenance["metadata_modified"] == package["metadata_modified"]
    assert snap.provenance["source_url"] == f"{portal.url}/dataset/{package['name']}"
    by_format = fetch({"kind": "ckan", "url": portal.url, "dataset": package["id"],
                       "format": "csv"}, target, ctx)
    assert by_format.fingerprint == snap.fingerprint


def test_missing_remote_dataset_and_resource(portal: Portal, tmp_path: Path) -> None:
    package = _published(portal)
    ctx = SourceContext(secret=lambda name: None, timeout=30, ckan_client=_client)
    target = TargetSpec(path=tmp_path / "x.csv", schema=None, encoding="utf-8", format="csv")
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "ckan", "url": portal.url, "dataset": portal.name("absent")}, target,
              ctx)
    assert exc.value.code == "source-missing"
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "ckan", "url": portal.url, "dataset": package["name"],
               "resource": "no-such-resource"}, target, ctx)
    assert exc.value.code == "source-missing"
    assert not target.path.exists()
