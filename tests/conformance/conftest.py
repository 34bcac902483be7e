"""Portals the conformance suite runs against: the embedded one always, a real CKAN when
PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN name one (see ../shared/ckan).

Every test gets a ``Portal``: a sysadmin client, an anonymous client (both ckanapi.RemoteCKAN)
and a prefix that makes names unique, because a real CKAN keeps what earlier runs created.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from ckanapi import RemoteCKAN

from publisher.portal.auth import create_token
from publisher.services import Services

USER_AGENT = "publisher-conformance/1"


@dataclass
class Portal:
    kind: str  # "embedded" or "ckan"
    url: str
    token: str
    admin: RemoteCKAN
    anon: RemoteCKAN
    prefix: str

    def name(self, stem: str) -> str:
        return f"{self.prefix}-{stem}"

    def org(self, stem: str = "org", **extra: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.admin.action.organization_create(
            name=self.name(stem), title=extra.pop("title", "汕尾市交通运输局"), **extra)
        return result


def _portal(kind: str, url: str, token: str) -> Iterator[Portal]:
    admin = RemoteCKAN(url, apikey=token, user_agent=USER_AGENT)
    anon = RemoteCKAN(url, user_agent=USER_AGENT)
    try:
        yield Portal(kind, url.rstrip("/"), token, admin, anon, "c" + uuid.uuid4().hex[:10])
    finally:
        admin.close()
        anon.close()


@pytest.fixture(params=["embedded", pytest.param("ckan", marks=pytest.mark.ckan)])
def portal(request: pytest.FixtureRequest) -> Iterator[Portal]:
    if request.param == "embedded":
        services: Services = request.getfixturevalue("services")
        url = request.getfixturevalue("live_server")
        with services.db.session() as session:
            token = create_token(session, "conformance")
        yield from _portal("embedded", url, token)
        return
    url = os.environ.get("PUBLISHER_TEST_CKAN_URL", "")
    token = os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", "")
    if not url or not token:
        pytest.skip("no real CKAN: set PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN "
                    "(`make test-ckan` starts ../shared/ckan and sets both)")
    yield from _portal("ckan", url, token)
