"""A dataset that stops being proactive leaves the portal: on the next run, or at once."""

from __future__ import annotations

import dataclasses
import shutil

import ckanapi
import pytest
import yaml
from sqlalchemy import select

from publisher.models import AuditEntry
from publisher.run import execute_run, start_run
from tests.conftest import ROOT

pytestmark = pytest.mark.db
NAME = "spot-check-items"  # small, no personal fields, review: automatic


@pytest.fixture
def settings_overrides(settings_overrides, tmp_path):
    """A catalogue of one dataset, copied so its descriptor can change."""
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets)
    shutil.copytree(ROOT / "datasets" / NAME, datasets / NAME)
    return {**settings_overrides, "datasets_dir": str(datasets)}


def set_attribute(services, attribute: str) -> None:
    path = services.settings.datasets_path / NAME / "datapackage.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["disclosure"] = {"attribute": attribute,
                         "basis": "《政府信息公开条例》第十六条第二款",
                         "reason": "过程性信息，暂不公开"}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def publish(services, url, client):
    run_id = start_run(services, None, False, "test")
    [outcome] = execute_run(services, run_id, None, False, client=client, portal_url=url)
    return outcome


def test_switched_to_withheld_is_withdrawn_on_the_next_run(services, live_server, portal_client):
    anonymous = ckanapi.RemoteCKAN(live_server)
    assert publish(services, live_server, portal_client).outcome == "published"
    assert anonymous.action.package_show(id=NAME)["name"] == NAME

    set_attribute(services, "withheld")
    outcome = publish(services, live_server, portal_client)
    assert (outcome.outcome, outcome.code) == ("withdrawn", "disclosure-not-proactive")
    with pytest.raises((ckanapi.NotFound, ckanapi.NotAuthorized)):
        anonymous.action.package_show(id=NAME)
    assert NAME not in anonymous.action.package_list()
    assert anonymous.action.package_search(q=NAME)["count"] == 0
    # Once gone it stays gone, and the next run only records why.
    again = publish(services, live_server, portal_client)
    assert (again.outcome, again.code) == ("not-public", "disclosure-not-proactive")
    with services.db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry))]
    assert actions.count("withdraw") == 1


def test_withdraw_command_acts_at_once(services, runner, live_server, portal_client):
    assert publish(services, live_server, portal_client).outcome == "published"
    services.settings = dataclasses.replace(services.settings, portal_token=portal_client.apikey)
    result = runner(["withdraw", NAME, "--reason", "误含个人信息，紧急撤回", "--by", "值班员",
                     "--mode", "delete", "--portal", live_server, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"withdrew {NAME}" in result.output
    with pytest.raises((ckanapi.NotFound, ckanapi.NotAuthorized)):
        ckanapi.RemoteCKAN(live_server).action.package_show(id=NAME)
    with services.db.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "withdraw"))
        assert entry.actor == "值班员" and entry.detail["reason"] == "误含个人信息，紧急撤回"
    again = runner(["withdraw", NAME, "--reason", "再次", "--portal", live_server, "--lang", "en"])
    assert "nothing to withdraw" in again.output
