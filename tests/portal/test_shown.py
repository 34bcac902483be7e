"""Stored package dicts (publisher.portal.shown): built when a package's transaction commits,
whichever module changed it, and equal to the dict built live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from publisher.portal.auth import create_token
from publisher.portal.context import Context
from publisher.portal.dictize import package_dict
from publisher.portal.models import PortalPackage
from publisher.services import Services

pytestmark = pytest.mark.db


def _stored(services: Services, package_id: str) -> Any:
    with services.db.session() as session:
        text = session.scalar(select(PortalPackage.shown).where(PortalPackage.id == package_id))
    return None if text is None else json.loads(text)


def _live(services: Services, package_id: str, base: str) -> dict[str, Any]:
    with services.db.session() as session:
        pkg = session.get(PortalPackage, package_id)
        assert pkg is not None
        return package_dict(Context(session=session, uploads_dir=Path("."), base_url=base), pkg)


def test_every_write_refreshes_the_stored_dict(call: Any, services: Services) -> None:
    call("organization_create", name="bureau", title="交通运输局")
    pkg = call("package_create", name="stops", owner_org="bureau", title="公交站点")
    assert _stored(services, pkg["id"]) == pkg
    res = call("resource_create", package_id=pkg["id"], name="rows", url="https://e.invalid/r")
    call("datastore_create", resource_id=res["id"], force=True,
         fields=[{"id": "n", "type": "int"}], records=[{"n": 1}])
    shown = call("package_show", id="stops")
    assert shown["resources"][0]["datastore_active"] is True
    assert shown == _live(services, pkg["id"], "")
    # A caller sending metadata_modified back keeps it (CKAN 2.12): the dict still follows.
    call("package_patch", id="stops", notes="新说明", metadata_modified=shown["metadata_modified"])
    assert call("package_show", id="stops")["notes"] == "新说明"
    call("resource_delete", id=res["id"])
    assert call("package_show", id="stops")["resources"] == []
    call("package_delete", id="stops")
    assert call("package_show", id="stops")["state"] == "deleted"


def test_uploads_are_under_the_answers_base_url(client: FlaskClient, call: Any,
                                                services: Services) -> None:
    call("organization_create", name="bureau", title="交通运输局")
    pkg = call("package_create", name="files", owner_org="bureau")
    with services.db.session() as session:
        token = create_token(session, "upload")
    reply = client.post("/api/3/action/resource_create", headers={"Authorization": token},
                        data={"package_id": pkg["id"], "name": "f",
                              "upload": (__import__("io").BytesIO(b"a,b\n1,2\n"), "f.csv")})
    assert reply.status_code == 200
    stored = _stored(services, pkg["id"])
    assert stored["resources"][0]["url"].startswith("dataset/")
    shown = call("package_show", id="files")
    assert shown["resources"][0]["url"].endswith("/" + stored["resources"][0]["url"])
    assert shown["resources"][0]["url"].startswith("http")


def test_a_missing_stored_dict_is_built_live(call: Any, services: Services) -> None:
    call("organization_create", name="bureau", title="交通运输局")
    pkg = call("package_create", name="old", owner_org="bureau", title="旧数据")
    with services.db.session() as session:
        session.execute(update(PortalPackage).values(shown=None))
    assert call("package_show", id="old") == pkg
    assert call("package_search", q="旧数据")["results"] == [pkg]
    assert call("current_package_list_with_resources") == [pkg]
