"""Every error type, with CKAN's envelope and HTTP status, and auth on writes."""

from __future__ import annotations

import pytest
import requests
from ckanapi import NotAuthorized, NotFound, ValidationError

from tests.conformance.conftest import Portal

pytestmark = pytest.mark.db


def _post(portal: Portal, action: str, body: dict, token: str | None = None) -> requests.Response:
    headers = {"Authorization": token} if token else {}
    return requests.post(f"{portal.url}/api/3/action/{action}", json=body, headers=headers,
                         timeout=10)


def test_not_found(portal: Portal) -> None:
    for action, body in [("package_show", {"id": portal.name("none")}),
                         ("resource_show", {"id": "00000000-0000-0000-0000-000000000000"}),
                         ("organization_show", {"id": portal.name("none")}),
                         ("datastore_search", {"resource_id": portal.name("none")})]:
        reply = _post(portal, action, body)
        assert reply.status_code == 404, action
        envelope = reply.json()
        assert envelope["success"] is False and "help" in envelope
        assert envelope["error"]["__type"] == "Not Found Error"
    with pytest.raises(NotFound):
        portal.admin.action.package_update(id=portal.name("none"), name=portal.name("none"))


def test_validation_errors_name_each_field(portal: Portal) -> None:
    org = portal.org()
    portal.admin.action.package_create(name=portal.name("taken"), owner_org=org["id"])
    cases = [
        ({"name": portal.name("taken"), "owner_org": org["id"]}, "name"),
        ({"name": "Not A Name", "owner_org": org["id"]}, "name"),
        ({"owner_org": org["id"]}, "name"),
        ({"name": portal.name("noorg")}, "owner_org"),
        ({"name": portal.name("badorg"), "owner_org": portal.name("none")}, "owner_org"),
        ({"name": portal.name("x1"), "owner_org": org["id"],
          "extras": [{"key": "version", "value": "1"}]}, "extras"),
        ({"name": portal.name("x2"), "owner_org": org["id"], "tags": [{"name": "a"}]}, "tags"),
    ]
    for body, field in cases:
        with pytest.raises(ValidationError) as caught:
            portal.admin.action.package_create(**body)
        assert field in caught.value.error_dict, (body, caught.value.error_dict)
    reply = _post(portal, "package_create", {"name": portal.name("taken"),
                                             "owner_org": org["id"]}, portal.token)
    assert reply.status_code == 409
    error = reply.json()["error"]
    assert error["__type"] == "Validation Error"
    assert error["name"] == ["That URL is already in use."]
    extras = _post(portal, "package_create", {"name": portal.name("x3"), "owner_org": org["id"],
                   "extras": [{"key": "url", "value": "u"}]}, portal.token).json()["error"]
    assert extras["extras"] == [{"key": ["There is a schema field with the same name"]}]
    with pytest.raises(ValidationError) as dup:
        portal.admin.action.organization_create(name=org["name"])
    assert "name" in dup.value.error_dict


def test_writes_need_a_token(portal: Portal) -> None:
    org = portal.org()
    pkg = portal.admin.action.package_create(name=portal.name("p"), owner_org=org["id"])
    with pytest.raises(NotAuthorized):
        portal.anon.action.package_create(name=portal.name("q"), owner_org=org["id"])
    with pytest.raises(NotAuthorized):
        portal.anon.action.package_patch(id=pkg["id"], title="x")
    with pytest.raises(NotAuthorized):
        portal.anon.action.organization_create(name=portal.name("org2"))
    reply = _post(portal, "package_patch", {"id": pkg["id"], "title": "x"}, "not-a-token")
    assert reply.status_code == 403
    assert reply.json()["error"]["__type"] == "Authorization Error"
    assert portal.anon.action.package_show(id=pkg["id"])["title"] == pkg["title"]


def test_unknown_action_is_a_bad_request(portal: Portal) -> None:
    reply = _post(portal, "no_such_action", {})
    assert reply.status_code == 400
    assert "Action name not known" in reply.text
