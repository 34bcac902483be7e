"""The embedded portal's action API called through the Flask test client, as its tests share it."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from publisher.portal.auth import create_token
from publisher.services import Services


def action_caller(client: FlaskClient, services: Services, *, anon_default: bool) -> Any:
    """``invoke(action, anon=…, status=…, **body)``: the action's result, or its error on failure.

    A sysadmin token is made once (``invoke.token``, for raw requests); ``anon=True`` calls
    without it, as an anonymous reader.
    """
    with services.db.session() as session:
        token = create_token(session, "test")

    def invoke(action: str, *, anon: bool = anon_default, status: int = 200, **body: Any) -> Any:
        headers = {} if anon else {"Authorization": token}
        reply = client.post(f"/api/3/action/{action}", json=body, headers=headers)
        assert reply.status_code == status, reply.get_json()
        envelope = reply.get_json()
        return envelope["result"] if envelope["success"] else envelope["error"]

    invoke.token = token  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def call(client: FlaskClient, services: Services) -> Any:
    """Actions as the sysadmin unless ``anon=True``."""
    return action_caller(client, services, anon_default=False)


@pytest.fixture
def package(call: Any) -> str:
    """The package "stops" of the organization "bureau"."""
    call("organization_create", name="bureau", title="交通运输局")
    call("package_create", name="stops", title="公交站点", owner_org="bureau")
    return "stops"


@pytest.fixture
def resource(call: Any, package: str) -> str:
    """The id of an empty resource "stops" of that package, for DataStore tests."""
    rid: str = call("resource_create", package_id=package, name="stops", url="")["id"]
    return rid
