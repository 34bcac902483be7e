"""End to end: every dataset in datasets/ through the whole pipeline to each portal."""

from __future__ import annotations

import dataclasses
import json
import logging
import re

import pytest
import requests
from sqlalchemy import select

from publisher.load import list_datasets, load
from publisher.models import AuditEntry, PublishItem
from publisher.privacy import PERSONAL
from publisher.readers import read_table
from publisher.review import approve
from publisher.run import as_planned, execute_run, start_run
from tests.support.faultproxy import CountingClient
from tests.support.portals import portal_params

pytestmark = [pytest.mark.slow,
              pytest.mark.parametrize("portal", portal_params(), indirect=True)]


def run(services, portal, names=None, client=None):
    run_id = start_run(services, names, False, "test")
    return execute_run(services, run_id, names, False, client=client or portal.client,
                       portal_url=portal.url)


def publish_all(services, portal):
    first = run(services, portal)
    waiting = [o for o in first if o.code == "release-unapproved"]
    with services.db.session() as session:
        for o in waiting:
            approve(session, o.dataset, "测试审查员", o.release_version)
    return first, run(services, portal, [o.dataset for o in waiting]) if waiting else []


def sensitive_values(services) -> set[str]:
    """Raw values of personal fields not declared keep, as the sources hold them, less any value
    that a public field also holds (a legal-person requester's company name, say)."""
    values: set[str] = set()
    public: set[str] = set()
    for name in services.dataset_names():
        ds = load(services.settings.datasets_path, name, services.settings.schemas_path).dataset
        for res in ds.resources:
            policies = {p.field: p for p in res.policies
                        if p.category in PERSONAL and p.action != "keep"
                        and p.category != "free_text"}
            rows = read_table(res.path, res.format, res.encoding, res.sheet)
            header = rows[0]
            for row in rows[1:]:
                for field, cell in zip(header, row, strict=False):
                    p = policies.get(field)
                    if p is None:
                        public.add(cell.strip())
                    elif cell.strip() and not (p.category == "person_name"
                                               and len(cell.strip()) < 3):
                        # (two-character names collide with ordinary words)
                        values.add(cell.strip())
    # Synthetic names collide: 慕容平 (an inspector) inside 慕容平豪 (a punished party, kept).
    everything_public = "\n".join(public)
    return {v for v in values - public if v not in everything_public}


def portal_content(portal, names) -> str:
    """Everything the portal serves for these packages: metadata, files, DataStore rows."""
    parts = []
    for name in names:
        pkg = portal.client.action.package_show(id=name)
        parts.append(json.dumps(pkg, ensure_ascii=False))
        for res in pkg["resources"]:
            parts.append(requests.get(res["url"], timeout=60).content.decode("utf-8"))
            if res.get("datastore_active"):
                rows = portal.client.action.datastore_search(resource_id=res["id"], limit=32000)
                parts.append(json.dumps(rows["records"], ensure_ascii=False))
    return "\n".join(parts)


def register_identities(services) -> set[str]:
    """The applicants' identities the request register holds (the only place they may be)."""
    from publisher.requests.register import all_requests

    with services.db.session() as session:
        return {v.strip() for r in all_requests(session) for v in r.applicant.values()
                if len(v.strip()) >= 3}


def state_dump(services, skip: frozenset[str] = frozenset()) -> str:
    """Every row of every table of the state database (portal tables included), as text."""
    from sqlalchemy import MetaData, select

    meta = MetaData()
    meta.reflect(services.db.engine)
    parts = []
    with services.db.engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name in skip:
                continue
            for row in conn.execute(select(table)):
                parts.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(parts)


def served(client, services, names) -> str:
    """What the service answers anyone, and a steward, about the published datasets."""
    from publisher.web.tokens import create_token

    steward = {"Authorization": f"Bearer {create_token(services, 'leak-check')}"}
    paths = ["/api/v1/datasets?per_page=100", "/api/v1/runs", "/api/v1/deadlines", "/metrics",
             "/catalog.ttl", "/catalog.jsonld", "/", "/api/v1/requests/due?today=2018-11-05",
             "/status/requests", "/reports/annual/2018"]
    for name in names:
        paths += [f"/api/v1/datasets/{name}", f"/dataset/{name}.ttl", f"/datasets/{name}"]
    parts = []
    for path in paths:
        for headers in ({}, steward):
            parts.append(client.get(path, headers=headers).get_data(as_text=True))
    return "\n".join(parts)


def test_every_dataset_published_once_and_never_again(portal, services, client, caplog):
    if not list_datasets(services.settings.datasets_path):
        pytest.skip("no datasets declared")
    caplog.set_level(logging.DEBUG)  # every record of every logger, for the leak check
    from publisher.requests import fixtures
    from publisher.requests.register import all_requests

    with services.db.session() as session:  # the request register, with its identities
        if not all_requests(session):
            fixtures.load(session)
    first, second = publish_all(services, portal)
    outcomes = {o.dataset: o for o in first + second}
    assert all(as_planned(o) for o in second), [o for o in second if not as_planned(o)]
    # A real CKAN keeps what an earlier test run published: identical releases are unchanged.
    published = sorted(n for n, o in outcomes.items() if o.outcome in ("published", "unchanged"))
    held = sorted(n for n, o in outcomes.items() if o.code == "disclosure-not-proactive")
    for name in services.dataset_names():
        ds = load(services.settings.datasets_path, name, services.settings.schemas_path).dataset
        expected = held if ds.disclosure.attribute != "proactive" else published
        assert name in expected, (name, outcomes[name])
    # Unapproved releases never reached the portal: the first run published nothing.
    assert not [o for o in first if o.outcome == "published" and o.code]
    # Nothing on the portal for held-back datasets, whatever the caller's rights.
    import ckanapi

    for name in held:
        with pytest.raises(ckanapi.NotFound):
            portal.client.action.package_show(id=name)

    modified = {n: portal.client.action.package_show(id=n)["metadata_modified"]
                for n in published}
    counting = CountingClient(portal.client)
    again = run(services, portal, client=counting)
    assert {o.outcome for o in again if o.dataset in published} == {"unchanged"}
    assert counting.writes == 0, counting.calls
    for n in published:
        assert portal.client.action.package_show(id=n)["metadata_modified"] == modified[n]

    # No raw personal value anywhere: what the portal serves, the release folders, every row of
    # the state database, every answer of the service, every log record of the run.
    releases = "\n".join(p.read_text(encoding="utf-8") for p in
                         (services.settings.instance_path / "releases").rglob("*")
                         if p.is_file() and p.suffix in (".csv", ".json"))
    places = {"portal": portal_content(portal, published), "releases": releases,
              "database": state_dump(services), "service": served(client, services, published),
              "logs": "\n".join(r.getMessage() for r in caplog.records)}
    planted = sensitive_values(services)
    long_ids = [v for v in planted if re.fullmatch(r"\d{17}[\dXx]", v)]
    for where, content in places.items():
        leaked = [v for v in planted if v in content]
        assert leaked == [], f"{len(leaked)} raw personal values in {where}"
        digits = re.sub(r"\D", "", content)  # also with separators removed
        assert not [v for v in long_ids if v[:17] in digits], where
    # The register's identities stay in its own table: nowhere else, not even in the rest of
    # the state database (the audit log included).
    applicants = register_identities(services)
    assert len(applicants) > 300
    places["database"] = state_dump(services, skip=frozenset({"disclosure_requests"}))
    for where, content in places.items():
        leaked = [v for v in applicants if v in content]
        assert leaked == [], f"{len(leaked)} applicant identities in {where}"


def test_unapproved_release_is_refused(portal, services, tmp_path):
    import shutil
    import uuid

    import ckanapi
    import yaml

    # A copy under a name no portal has seen (a real CKAN keeps earlier runs' packages).
    name = f"penalty-{uuid.uuid4().hex[:8]}"
    datasets = tmp_path / "catalogue"
    datasets.mkdir()
    shutil.copy(services.settings.datasets_path / "bureau.yaml", datasets)
    shutil.copytree(services.settings.datasets_path / "penalty-decisions", datasets / name)
    descriptor = datasets / name / "datapackage.yaml"
    raw = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    assert raw.get("review", "required") == "required"
    descriptor.write_text(yaml.safe_dump({**raw, "name": name}, allow_unicode=True),
                          encoding="utf-8")
    services.settings = dataclasses.replace(services.settings, datasets_dir=str(datasets))
    [outcome] = run(services, portal, [name])
    assert (outcome.outcome, outcome.code) == ("blocked", "release-unapproved")
    with pytest.raises(ckanapi.NotFound):
        portal.client.action.package_show(id=name)
    with services.db.session() as session:
        item = session.scalar(select(PublishItem).where(PublishItem.dataset == name))
        assert item.code == "release-unapproved"
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "release"))
    # Approval of that exact checksum lets the next run publish it.
    with services.db.session() as session:
        approve(session, name, "测试审查员", outcome.release_version)
    [again] = run(services, portal, [name])
    assert again.outcome == "published"
    assert portal.client.action.package_show(id=name)["name"] == name
