"""Organization, package and resource lifecycle, uploads and patch semantics: identical on the
embedded portal and a real CKAN 2.12."""

from __future__ import annotations

import io
import time

import pytest
import requests
from ckanapi import NotAuthorized, NotFound

from tests.conformance.conftest import Portal

pytestmark = pytest.mark.db

CSV = "code,name,站点\n0164A,汕尾站,城区\n007,海丰站,海丰县\n".encode()


def _package(portal: Portal, org: dict, stem: str = "pkg", **extra: object) -> dict:
    return portal.admin.action.package_create(
        name=portal.name(stem), title="公交线路站点", notes="汕尾市公交线路与站点",
        owner_org=org["id"],
        tags=[{"name": "公交"}, {"name": "transport"}],
        extras=[{"key": "department", "value": "执法局"}, {"key": "release_version", "value": "3"}],
        **extra)


def test_organization_create_show_list(portal: Portal) -> None:
    org = portal.org()
    assert org["name"] == portal.name("org")
    assert org["title"] == "汕尾市交通运输局"
    for ref in (org["id"], org["name"]):
        shown = portal.admin.action.organization_show(id=ref)
        assert shown["id"] == org["id"]
        assert shown["is_organization"] is True
        assert shown["approval_status"] == "approved"
        assert shown["state"] == "active"
    assert org["name"] in portal.anon.action.organization_list()
    listed = portal.anon.action.organization_list(all_fields=True, organizations=[org["name"]])
    assert [(o["id"], o["title"]) for o in listed] == [(org["id"], org["title"])]


def test_package_dict_has_ckan_fields(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org, license_id="cc-by")
    shown = portal.anon.action.package_show(id=pkg["name"])
    assert shown["id"] == pkg["id"] and len(shown["id"]) == 36
    assert shown["state"] == "active" and shown["private"] is False
    assert shown["owner_org"] == org["id"] and shown["organization"]["name"] == org["name"]
    assert shown["organization"]["approval_status"] == "approved"
    assert shown["license_title"] == "Creative Commons Attribution"
    assert {t["name"] for t in shown["tags"]} == {"公交", "transport"}
    assert shown["num_tags"] == 2 and shown["num_resources"] == 0
    assert shown["extras"] == [{"key": "department", "value": "执法局"},
                               {"key": "release_version", "value": "3"}]
    assert shown["metadata_created"] <= shown["metadata_modified"]
    assert shown["type"] == "dataset"


def test_resource_upload_download_patch_delete(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org)
    res = portal.admin.action.resource_create(
        package_id=pkg["id"], name="站点", description="全部站点", hash="ab" * 32,
        schema='{"fields": [{"name": "code", "type": "string"}]}',
        upload=("stops.csv", io.BytesIO(CSV)))
    assert res["url_type"] == "upload"
    assert res["format"] == "CSV" and res["mimetype"] == "text/csv"
    assert res["size"] == len(CSV) and res["position"] == 0
    assert res["hash"] == "ab" * 32 and res["package_id"] == pkg["id"]
    assert res["url"].endswith(f"/dataset/{pkg['id']}/resource/{res['id']}/download/stops.csv")
    assert res["schema"] == '{"fields": [{"name": "code", "type": "string"}]}'
    download = requests.get(res["url"], timeout=10)
    assert download.status_code == 200 and download.content == CSV

    second = portal.admin.action.resource_create(package_id=pkg["id"], name="说明",
                                                 url="https://example.invalid/readme.pdf")
    assert second["position"] == 1 and second["url_type"] in (None, "")
    patched = portal.admin.action.resource_patch(id=res["id"], description="更新")
    assert patched["description"] == "更新" and patched["name"] == "站点"
    assert requests.get(patched["url"], timeout=10).content == CSV
    replaced = portal.admin.action.resource_patch(
        id=res["id"], upload=("stops.csv", io.BytesIO(CSV + b"X,Y,Z\n")))
    assert replaced["size"] == len(CSV) + 6
    assert requests.get(replaced["url"], timeout=10).content == CSV + b"X,Y,Z\n"

    portal.admin.action.resource_delete(id=res["id"])
    shown = portal.admin.action.package_show(id=pkg["id"])
    assert [r["id"] for r in shown["resources"]] == [second["id"]]
    assert shown["resources"][0]["position"] == 0 and shown["num_resources"] == 1
    with pytest.raises(NotFound):
        portal.admin.action.resource_show(id=res["id"])


def test_patch_and_update_semantics(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org)
    portal.admin.action.resource_create(package_id=pkg["id"], name="r", url="https://example.invalid/a.csv")
    # a patch without extras keeps them; with extras replaces the whole list
    kept = portal.admin.action.package_patch(id=pkg["id"], notes="新说明")
    assert kept["notes"] == "新说明" and len(kept["extras"]) == 2
    replaced = portal.admin.action.package_patch(
        id=pkg["id"], extras=[{"key": "openness", "value": "结果"}])
    assert replaced["extras"] == [{"key": "openness", "value": "结果"}]
    # an update without resources keeps them (2.12); without extras, drops them
    shown = portal.admin.action.package_show(id=pkg["id"])
    body = {k: v for k, v in shown.items() if k not in ("resources", "extras", "metadata_modified")}
    updated = portal.admin.action.package_update(**body)
    assert len(updated["resources"]) == 1 and updated["extras"] == []
    assert {t["name"] for t in updated["tags"]} == {"公交", "transport"}


def test_update_with_resources_reorders_adds_and_drops(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org, resources=[
        {"name": "a", "url": "https://example.invalid/a.csv"},
        {"name": "b", "url": "https://example.invalid/b.csv"},
        {"name": "c", "url": "https://example.invalid/c.csv"}])
    a, b, c = pkg["resources"]
    body = {k: v for k, v in pkg.items() if k != "metadata_modified"}
    body["resources"] = [{**c, "description": "第三"}, a,
                         {"name": "d", "url": "https://example.invalid/d.json"}]
    updated = portal.admin.action.package_update(**body)
    assert [r["name"] for r in updated["resources"]] == ["c", "a", "d"]
    assert [r["position"] for r in updated["resources"]] == [0, 1, 2]
    assert updated["resources"][0]["id"] == c["id"]
    assert updated["resources"][0]["description"] == "第三"
    assert updated["resources"][2]["format"] == "JSON"
    with pytest.raises(NotFound):
        portal.admin.action.resource_show(id=b["id"])


def test_noop_update_leaves_metadata_modified(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org)
    portal.admin.action.resource_create(package_id=pkg["id"], name="r",
                                        upload=("a.csv", io.BytesIO(CSV)))
    before = portal.admin.action.package_show(id=pkg["id"])
    time.sleep(0.02)
    portal.admin.action.package_update(**before)
    portal.admin.action.package_patch(id=pkg["id"], title=before["title"])
    after = portal.admin.action.package_show(id=pkg["id"])
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after["resources"] == before["resources"]
    time.sleep(0.02)
    changed = portal.admin.action.package_patch(id=pkg["id"], title="公交线路站点（2026）")
    assert changed["metadata_modified"] > before["metadata_modified"]


def test_update_sending_metadata_modified_back_keeps_it(portal: Portal) -> None:
    """CKAN 2.12 stores a metadata_modified the caller sends: publishers must not send it."""
    org = portal.org()
    pkg = _package(portal, org)
    shown = portal.admin.action.package_show(id=pkg["id"])
    time.sleep(0.02)
    sent = portal.admin.action.package_update(**{**shown, "notes": "changed"})
    assert sent["notes"] == "changed"
    assert sent["metadata_modified"] == shown["metadata_modified"]


def test_deleted_package_gives_up_its_name(portal: Portal) -> None:
    org = portal.org()
    old = _package(portal, org, "reused")
    portal.admin.action.package_delete(id=old["id"])
    new = _package(portal, org, "reused")
    assert new["id"] != old["id"] and new["state"] == "active"
    assert portal.anon.action.package_show(id=old["name"])["id"] == new["id"]
    gone = portal.admin.action.package_show(id=old["id"])
    assert gone["state"] == "deleted" and gone["name"] == old["id"]


def test_deleted_package_stays_deleted_until_state_is_sent(portal: Portal) -> None:
    org = portal.org()
    pkg = _package(portal, org)
    portal.admin.action.package_delete(id=pkg["id"])
    assert portal.admin.action.package_patch(id=pkg["id"], title="新")["state"] == "deleted"
    body = {k: v for k, v in portal.admin.action.package_show(id=pkg["id"]).items()
            if k not in ("state", "metadata_modified")}
    assert portal.admin.action.package_update(**body)["state"] == "deleted"
    back = portal.admin.action.package_patch(id=pkg["id"], state="active")
    assert back["state"] == "active"
    assert portal.anon.action.package_show(id=pkg["name"])["title"] == "新"


def test_private_and_deleted_refused_to_anonymous(portal: Portal) -> None:
    org = portal.org()
    public = _package(portal, org, "public")
    private = _package(portal, org, "private", private=True)
    with pytest.raises(NotAuthorized):
        portal.anon.action.package_show(id=private["id"])
    assert portal.admin.action.package_show(id=private["id"])["private"] is True
    names = portal.anon.action.package_list()
    assert public["name"] in names and private["name"] not in names
    fq = f"organization:{org['name']}"
    assert portal.anon.action.package_search(fq=fq)["count"] == 1
    assert portal.admin.action.package_search(fq=fq, include_private=True)["count"] == 2

    portal.admin.action.package_delete(id=public["id"])
    with pytest.raises(NotAuthorized):
        portal.anon.action.package_show(id=public["id"])
    gone = portal.admin.action.package_show(id=public["id"])
    assert gone["state"] == "deleted"
    assert public["name"] not in portal.anon.action.package_list()
    assert portal.admin.action.package_search(fq=fq, include_private=True)["count"] == 1
