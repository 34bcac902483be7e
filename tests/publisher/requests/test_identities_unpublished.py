"""The register's identities reach no published file, page, feed, log or other table.

A focused version of the end-to-end leak search in tests/publisher/test_publish.py: the two
datasets built from the register are published to the embedded portal, then every place the
public or a steward can read is searched for every identity the register holds.
"""

from __future__ import annotations

import logging

import pytest

from publisher.requests import fixtures
from publisher.review import approve
from tests.publisher.test_publish import (
    portal_content,
    register_identities,
    run,
    served,
    state_dump,
)

NAMES = ["annual-report", "disclosure-requests"]
pytestmark = [pytest.mark.db, pytest.mark.slow]


@pytest.mark.parametrize("portal", ["embedded"], indirect=True)
def test_no_identity_leaves_the_register(portal, services, client, caplog):
    caplog.set_level(logging.DEBUG)
    with services.db.session() as session:
        fixtures.load(session)
    first = run(services, portal, NAMES)
    with services.db.session() as session:
        for o in first:
            if o.code == "release-unapproved":
                approve(session, o.dataset, "测试审查员", o.release_version)
    second = run(services, portal, NAMES)
    assert sorted(o.dataset for o in second if o.outcome == "published") == NAMES
    releases = "\n".join(p.read_text(encoding="utf-8") for p in
                         (services.settings.instance_path / "releases").rglob("*")
                         if p.is_file() and p.suffix in (".csv", ".json"))
    pages = "\n".join(client.get(path).get_data(as_text=True) for path in
                      ("/reports/annual", "/reports/annual/2018", "/?q=依申请"))
    places = {"portal": portal_content(portal, NAMES), "releases": releases,
              "service": served(client, services, NAMES) + pages,
              "database": state_dump(services, skip=frozenset({"disclosure_requests"})),
              "logs": "\n".join(r.getMessage() for r in caplog.records)}
    identities = register_identities(services)
    assert len(identities) > 300
    # The search can find what it looks for: the register's own table holds them all.
    everything = state_dump(services)
    assert all(v in everything for v in identities)
    for where, content in places.items():
        leaked = [v for v in identities if v in content]
        assert leaked == [], f"{len(leaked)} applicant identities in {where}"
