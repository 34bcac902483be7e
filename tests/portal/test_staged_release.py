"""Staged releases: resource versions, their files, DataStore tables and package metadata
loaded beside the live release, then switched in one transaction or discarded."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import inspect

from publisher.portal.auth import create_token
from publisher.portal.uploads import resource_folder
from publisher.services import Services

pytestmark = pytest.mark.db
FIELDS = [{"id": "code", "type": "text"}, {"id": "n", "type": "int"}]


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def csv_of(n: int) -> bytes:
    return ("code,n\n" + "".join(f"{i:03d},{n}\n" for i in range(n))).encode()


@pytest.fixture
def token(services: Services) -> str:
    with services.db.session() as session:
        return create_token(session, "test")


@pytest.fixture
def call(client: FlaskClient, token: str) -> Any:
    def invoke(action: str, *, anon: bool = False, status: int = 200,
               upload: bytes | None = None, **body: Any) -> Any:
        headers = {} if anon else {"Authorization": token}
        if upload is None:
            reply = client.post(f"/api/3/action/{action}", json=body, headers=headers)
        else:
            form = {k: str(v).lower() if isinstance(v, bool) else v for k, v in body.items()}
            reply = client.post(f"/api/3/action/{action}", headers=headers,
                                data={**form, "upload": (io.BytesIO(upload), "stops.csv")})
        assert reply.status_code == status, reply.get_json()
        envelope = reply.get_json()
        return envelope["result"] if envelope["success"] else envelope["error"]

    return invoke


def load(call: Any, rid: str, n: int, *, stage: bool) -> None:
    call("datastore_create", resource_id=rid, force=True, fields=FIELDS, primary_key=["code"],
         stage=stage)
    call("datastore_upsert", resource_id=rid, force=True, stage=stage, method="upsert",
         records=[{"code": f"{i:03d}", "n": n} for i in range(n)])


@pytest.fixture
def live(call: Any) -> str:
    """A package whose live release 3 is: a file of 3 rows, its table, its checksum."""
    call("organization_create", name="bureau", title="交通运输局")
    call("package_create", name="stops", title="公交站点", owner_org="bureau",
         extras=[{"key": "release_checksum", "value": sha(csv_of(3))}])
    rid: str = call("resource_create", package_id="stops", name="stops", upload=csv_of(3),
                    hash=sha(csv_of(3)))["id"]
    load(call, rid, 3, stage=False)
    call("resource_patch", id=rid, datastore_hash=sha(csv_of(3)))
    return rid


def seen(call: Any, client: FlaskClient, services: Services) -> tuple[str, str, str, int]:
    """What an anonymous reader sees: (package checksum, resource hash, file sha, rows)."""
    pkg = call("package_show", anon=True, id="stops")
    res = next(r for r in pkg["resources"] if r["name"] == "stops")
    url = res["url"].removeprefix(services.settings.site_url.rstrip("/"))
    with client.get(url) as reply:
        assert reply.status_code == 200
        body = reply.data
    rows = call("datastore_search", anon=True, resource_id=res["id"], limit=0)["total"]
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    return extras["release_checksum"], res["hash"], sha(body), rows


def stage_release(call: Any, rid: str, n: int, *, name: str = "stops") -> None:
    call("resource_patch", id=rid, stage=True, upload=csv_of(n), hash=sha(csv_of(n)))
    load(call, rid, n, stage=True)
    call("resource_patch", id=rid, stage=True, datastore_hash=sha(csv_of(n)))
    call("package_patch", id="stops", stage=True, name=name,
         extras=[{"key": "release_checksum", "value": sha(csv_of(n))}])


def staging_tables(services: Services) -> list[str]:
    """Staging tables, with SQLite's full-text tables of them."""
    return [t for t in inspect(services.db.engine).get_table_names() if t.startswith("dss_")]


def test_status_show_advertises_staged_release(call):
    assert {"staged_datastore", "staged_release"} <= set(call("status_show")["extensions"])


def test_readers_see_the_live_release_until_the_switch(call, client, services, live):
    old = (sha(csv_of(3)),) * 3 + (3,)
    assert seen(call, client, services) == old
    stage_release(call, live, 5)
    assert seen(call, client, services) == old  # staged: nothing of it shows
    shown = call("release_show", id="stops")
    assert shown["staged"] and shown["package"]["method"] == "package_patch"
    assert [(r["id"], r["change"], r["hash"]) for r in shown["resources"]] == [
        (live, "update", sha(csv_of(5)))]
    assert [(t["resource_id"], t["total"]) for t in shown["datastore"]] == [(live, 5)]
    assert call("resource_show", id=live, stage=True)["datastore_hash"] == sha(csv_of(5))
    folder = resource_folder(services.settings.instance_path / "uploads", live)
    assert {p.name for p in folder.iterdir()} == {sha(csv_of(3)), sha(csv_of(5))}

    done = call("release_switch", id="stops")
    assert done["resources"] == [live] and done["datastore"] == [live] and done["package"]
    assert seen(call, client, services) == (sha(csv_of(5)),) * 3 + (5,)
    res = call("resource_show", anon=True, id=live)
    assert res["datastore_active"] and res["datastore_hash"] == sha(csv_of(5))
    assert call("release_show", id="stops")["staged"] is False
    assert staging_tables(services) == []
    # The old file is removed once the switch committed; the new one stays.
    assert {p.name for p in folder.iterdir()} == {sha(csv_of(5))}


def test_a_staged_new_resource_and_a_staged_delete(call, client, services, live):
    other = call("resource_create", package_id="stops", name="old", url="http://example.org")
    new = call("resource_create", package_id="stops", name="routes", stage=True,
               upload=csv_of(2))
    load(call, new["id"], 2, stage=True)
    call("resource_delete", id=other["id"], stage=True)
    # Neither the staged resource nor its table is there for readers.
    call("resource_show", anon=True, status=404, id=new["id"])
    call("datastore_search", anon=True, status=404, resource_id=new["id"])
    assert call("package_show", anon=True, id="stops")["num_resources"] == 2
    assert call("datastore_search", resource_id=new["id"], stage=True)["total"] == 2
    changes = {r["name"]: r["change"] for r in call("release_show", id="stops")["resources"]}
    assert changes == {"routes": "create", "old": "delete"}

    call("release_switch", id="stops")
    pkg = call("package_show", anon=True, id="stops")
    assert [(r["name"], r["position"]) for r in pkg["resources"]] == [("stops", 0),
                                                                      ("routes", 1)]
    routes = pkg["resources"][1]
    assert routes["id"] == new["id"] and routes["datastore_active"]
    assert call("datastore_search", anon=True, resource_id=new["id"])["total"] == 2
    url = routes["url"].removeprefix(services.settings.site_url.rstrip("/"))
    with client.get(url) as reply:
        assert reply.data == csv_of(2)
    assert call("resource_show", anon=True, status=404, id=other["id"])


def test_a_refused_switch_switches_nothing_and_the_staged_release_can_be_discarded(
        call, client, services, live):
    stage_release(call, live, 5, name="stops-renamed")
    # The name is taken after it was staged: the switch is refused, as a whole.
    call("package_create", name="stops-renamed", owner_org="bureau")
    error = call("release_switch", id="stops", status=409)
    assert error["__type"] == "Validation Error" and "name" in error
    old = (sha(csv_of(3)),) * 3 + (3,)
    assert seen(call, client, services) == old
    assert call("datastore_search", resource_id=live, stage=True)["total"] == 5
    assert len([t for t in staging_tables(services) if "_fts" not in t]) == 1
    shown = call("release_show", id="stops")
    assert shown["staged"] and len(shown["resources"]) == 1 and len(shown["datastore"]) == 1

    assert call("release_discard", id="stops") == {"package_id": shown["package_id"],
                                                   "resources": 1, "datastore": 1,
                                                   "package": True}
    assert seen(call, client, services) == old
    assert call("release_show", id="stops")["staged"] is False
    assert staging_tables(services) == []
    folder = resource_folder(services.settings.instance_path / "uploads", live)
    assert {p.name for p in folder.iterdir()} == {sha(csv_of(3))}  # the staged file went
    # Discarding nothing is no error; switching nothing is Not Found.
    assert call("release_discard", id="stops")["resources"] == 0
    assert call("release_switch", id="stops", status=404)["__type"] == "Not Found Error"


def test_staging_and_the_release_actions_need_a_token(call, live):
    call("resource_patch", anon=True, status=403, id=live, stage=True, description="x")
    call("package_patch", anon=True, status=403, id="stops", stage=True, title="x")
    call("datastore_search", anon=True, status=403, resource_id=live, stage=True)
    for action in ("release_show", "release_switch", "release_discard"):
        error = call(action, anon=True, status=403, id="stops")
        assert error["__type"] == "Authorization Error"
        assert call(action, status=404, id="no-such-package")["__type"] == "Not Found Error"
    call("resource_show", status=404, id=live, stage=True)  # nothing staged for it


def test_a_staged_package_call_is_checked_when_staged(call, live):
    error = call("package_patch", status=409, id="stops", stage=True, owner_org="nobody")
    assert "owner_org" in error
    call("package_patch", id="stops", stage=True, title="新标题")
    call("package_patch", id="stops", stage=True, notes="说明")  # adds to the staged patch
    assert call("package_show", anon=True, id="stops")["title"] == "公交站点"
    call("release_switch", id="stops")
    pkg = call("package_show", anon=True, id="stops")
    assert (pkg["title"], pkg["notes"]) == ("新标题", "说明")


def test_staging_keys_of_name_style_ids_never_meet(call, live):
    # "n" + id[1:] was the staging key once: "abc" staged into the live table of "nbc".
    call("package_patch", id="stops", resources=[
        {"id": "abc", "name": "a", "url": ""}, {"id": "nbc", "name": "b", "url": ""}])
    load(call, "nbc", 4, stage=False)
    load(call, "abc", 2, stage=True)
    load(call, "nbc", 6, stage=True)
    assert call("datastore_search", anon=True, resource_id="nbc")["total"] == 4
    assert call("datastore_search", resource_id="abc", stage=True)["total"] == 2
    call("datastore_switch", resource_id="abc", force=True)
    assert call("datastore_search", anon=True, resource_id="nbc")["total"] == 4
    assert call("datastore_search", resource_id="nbc", stage=True)["total"] == 6
    call("release_switch", id="stops")
    assert call("datastore_search", anon=True, resource_id="abc")["total"] == 2
    assert call("datastore_search", anon=True, resource_id="nbc")["total"] == 6


def test_migration_0014_drops_staging_tables_of_the_earlier_scheme(database_url):
    from alembic import command
    from sqlalchemy import text

    from publisher.db import Database, alembic_config

    db = Database(database_url, migrate=False)
    try:
        command.upgrade(alembic_config(db.engine), "0013")
        with db.engine.begin() as conn:  # a staging table keyed "n" + id[1:], never switched
            conn.execute(text('CREATE TABLE "ds_nbcd" (_id integer primary key)'))
            conn.execute(text("INSERT INTO portal_datastore (resource_id, table_name, fields, "
                              "primary_key) VALUES ('nbcd', 'ds_nbcd', '[]', '[]')"))
        command.upgrade(alembic_config(db.engine), "head")
        names = set(inspect(db.engine).get_table_names())
        assert "ds_nbcd" not in names and "portal_staged_resources" in names
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM portal_datastore")).scalar() == 0
        command.downgrade(alembic_config(db.engine), "0013")
        assert not {"portal_staged_resources", "portal_staged_packages",
                    "portal_staged_datastore"} & set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
