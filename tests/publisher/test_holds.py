"""Withdrawals that hold, and fail-closed runs: every surface hides the dataset, runs keep it off.

Each scenario publishes one small dataset to the real embedded portal (served over HTTP), takes
it off in one way (``publisher withdraw``, an on_request switch without its reason, the folder
deleted), checks every surface an anonymous caller reaches, runs twice more, then undoes the
cause and checks that the next run publishes it again.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from typing import Any

import ckanapi
import pytest
import requests
import yaml
from sqlalchemy import select

from publisher.models import AuditEntry
from publisher.run import execute_run, start_run
from publisher.web.tokens import create_token
from tests.conftest import ROOT

pytestmark = pytest.mark.db
NAME = "spot-check-items"  # small, no personal fields, review: automatic
HIDDEN = (ckanapi.NotFound, ckanapi.NotAuthorized)
REASON = "误含个人信息，紧急撤回"
SEARCH = "/?q=双随机抽查"  # the pages' search, by words of the title


@pytest.fixture
def settings_overrides(settings_overrides, tmp_path):
    """A catalogue of one dataset, copied so its descriptor and folder can change."""
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets)
    shutil.copytree(ROOT / "datasets" / NAME, datasets / NAME)
    return {**settings_overrides, "datasets_dir": str(datasets)}


def publish(services, url, client) -> dict[str, Any]:
    run_id = start_run(services, None, False, "test")
    outcomes = execute_run(services, run_id, None, False, client=client, portal_url=url)
    return {o.dataset: o for o in outcomes}


@dataclass
class Published:
    """Where the dataset was reachable while public (to check each place again later)."""

    resource_id: str
    resource_url: str
    version: int


def status(client, path: str) -> int:
    response = client.get(path)
    response.close()  # a file response holds its file open until closed
    return int(response.status_code)


def shown_everywhere(services, client, live_server) -> Published:
    anonymous = ckanapi.RemoteCKAN(live_server)
    pkg = anonymous.action.package_show(id=NAME)
    [res] = pkg["resources"]
    assert anonymous.action.package_search(q=NAME)["count"] == 1
    assert anonymous.action.datastore_search(resource_id=res["id"])["total"] > 0
    assert requests.get(res["url"], timeout=30).status_code == 200
    version = int(client.get(f"/api/v1/datasets/{NAME}").get_json()["current_release"]["version"])
    for path in (f"/datasets/{NAME}", f"/datasets/{NAME}/releases/{version}/items.csv",
                 f"/dataset/{NAME}.ttl", f"/releases/{NAME}/{version}/data/items.csv"):
        assert status(client, path) == 200, path
    for path in ("/", SEARCH):
        assert f"/datasets/{NAME}" in client.get(path).get_data(as_text=True), path
    for path in ("/catalog.ttl", "/api/v1/datasets"):
        assert NAME in client.get(path).get_data(as_text=True), path
    return Published(res["id"], res["url"], version)


def hidden_everywhere(client, live_server, where: Published) -> None:
    """No anonymous surface shows the dataset: portal API, DataStore, files, pages, feeds, API."""
    anonymous = ckanapi.RemoteCKAN(live_server)
    with pytest.raises(HIDDEN):
        anonymous.action.package_show(id=NAME)
    assert NAME not in anonymous.action.package_list()
    assert anonymous.action.package_search(q=NAME)["count"] == 0
    with pytest.raises(HIDDEN):
        anonymous.action.datastore_search(resource_id=where.resource_id)
    assert requests.get(where.resource_url, timeout=30).status_code in (403, 404)
    for path in (f"/datasets/{NAME}", f"/datasets/{NAME}/releases/{where.version}/items.csv",
                 f"/dataset/{NAME}.ttl", f"/dataset/{NAME}/schema/items.json",
                 f"/releases/{NAME}/{where.version}/data/items.csv", f"/api/v1/datasets/{NAME}"):
        assert status(client, path) == 404, path
    for path in ("/", SEARCH):
        assert f"/datasets/{NAME}" not in client.get(path).get_data(as_text=True), path
    for path in ("/catalog.ttl", "/catalog.jsonld", "/api/v1/datasets"):
        assert NAME not in client.get(path).get_data(as_text=True), path


def steward_view(services, client) -> dict[str, Any]:
    token = create_token(services, "steward")
    response = client.get(f"/api/v1/datasets/{NAME}",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.get_json()


def actions(services) -> list[str]:
    with services.db.session() as session:
        return [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_hold_keeps_the_dataset_off_every_surface_until_it_is_lifted(
        services, runner, client, live_server, portal_client):
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    where = shown_everywhere(services, client, live_server)
    services.settings = dataclasses.replace(services.settings, portal_token=portal_client.apikey)

    result = runner(["withdraw", NAME, "--reason", REASON, "--by", "值班员",
                     "--portal", live_server])
    assert result.exit_code == 0, result.output
    hidden_everywhere(client, live_server, where)
    for _ in range(2):  # the next runs skip it with a clear outcome, and it stays off
        outcome = publish(services, live_server, portal_client)[NAME]
        assert (outcome.outcome, outcome.code) == ("held", "dataset-held")
        assert (outcome.detail["by"], outcome.detail["reason"]) == ("值班员", REASON)
        hidden_everywhere(client, live_server, where)
    # Approval never lifts a hold.
    note = runner(["approve", NAME, "--by", "审查员", "--lang", "en"])
    assert note.exit_code == 0 and "stays held" in note.output
    [listed] = json.loads(runner(["catalogue", "--format", "json"]).output)
    assert (listed["publication"], listed["hold"]["by"]) == ("held", "值班员")
    seen = steward_view(services, client)
    assert seen["state"] == "held"
    assert (seen["hold"]["by"], seen["hold"]["reason"]) == ("值班员", REASON)

    lifted = runner(["release-hold", NAME, "--by", "审查员", "--reason", "已核实无个人信息"])
    assert lifted.exit_code == 0, lifted.output
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    shown_everywhere(services, client, live_server)
    assert steward_view(services, client)["state"] == "published"
    assert ["hold", "withdraw", "release-hold"] == [
        a for a in actions(services) if a in ("hold", "withdraw", "release-hold")]


def test_lifting_a_hold_twice_or_holding_without_a_reason_is_a_clear_error(runner):
    again = runner(["release-hold", NAME, "--by", "审查员", "--reason", "无"])
    assert again.exit_code == 2 and "[hold-absent]" in again.output
    blank = runner(["withdraw", NAME, "--reason", " ", "--by", "值班员"])
    assert blank.exit_code == 2 and "--reason" in blank.output


def write_descriptor(services, **changes: Any) -> dict[str, Any]:
    path = services.settings.datasets_path / NAME / "datapackage.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = dict(raw)
    raw.update(changes)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return before


def test_on_request_without_a_reason_is_taken_off_although_lint_refuses_it(
        services, client, live_server, portal_client):
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    where = shown_everywhere(services, client, live_server)
    before = write_descriptor(services, disclosure={"attribute": "on_request",
                                                    "basis": "条例第二十七条", "reason": ""})
    first = publish(services, live_server, portal_client)[NAME]
    assert (first.outcome, first.code) == ("withdrawn", "descriptor-refused")
    assert "disclosure-reason-missing" in first.detail["detail"]
    hidden_everywhere(client, live_server, where)
    for _ in range(2):
        again = publish(services, live_server, portal_client)[NAME]
        assert (again.outcome, again.code) == ("blocked", "descriptor-refused")
        hidden_everywhere(client, live_server, where)
    assert steward_view(services, client)["state"] == "not-public"

    write_descriptor(services, disclosure=before["disclosure"])
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    shown_everywhere(services, client, live_server)


def test_a_removed_folder_is_taken_off_by_the_next_run(services, client, live_server,
                                                       portal_client):
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    where = shown_everywhere(services, client, live_server)
    folder = services.settings.datasets_path / NAME
    kept = folder.parent.parent / "kept"
    shutil.move(folder, kept)
    first = publish(services, live_server, portal_client)[NAME]
    assert (first.outcome, first.code) == ("withdrawn", "dataset-removed")
    hidden_everywhere(client, live_server, where)
    for _ in range(2):
        assert NAME not in publish(services, live_server, portal_client)
        hidden_everywhere(client, live_server, where)
    assert steward_view(services, client)["state"] == "removed"

    shutil.move(kept, folder)
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    shown_everywhere(services, client, live_server)


def test_a_rejected_release_is_never_published(services, runner, client, live_server,
                                               portal_client):
    write_descriptor(services, review="required")
    first = publish(services, live_server, portal_client)[NAME]
    assert (first.outcome, first.code) == ("blocked", "release-unapproved")
    result = runner(["reject", NAME, "--by", "审查员", "--reason", "抽查比例有误"])
    assert result.exit_code == 0, result.output
    refused = runner(["approve", NAME, "--by", "另一审查员", "--lang", "en"])
    assert refused.exit_code == 2 and "rejected" in refused.output
    for _ in range(2):
        again = publish(services, live_server, portal_client)[NAME]
        assert (again.outcome, again.code) == ("blocked", "release-rejected")
    with pytest.raises(HIDDEN):
        ckanapi.RemoteCKAN(live_server).action.package_show(id=NAME)
    assert client.get(f"/datasets/{NAME}").status_code == 404
    assert "reject" in actions(services) and "approve" not in actions(services)


def test_rejecting_the_live_release_takes_it_off(services, runner, client, live_server,
                                                 portal_client):
    assert publish(services, live_server, portal_client)[NAME].outcome == "published"
    where = shown_everywhere(services, client, live_server)
    assert runner(["reject", NAME, "--by", "审查员", "--reason", "发布后发现错误"]).exit_code == 0
    outcome = publish(services, live_server, portal_client)[NAME]
    assert (outcome.outcome, outcome.code) == ("withdrawn", "release-rejected")
    hidden_everywhere(client, live_server, where)
