"""One access rule for every public surface: status API, pages, feeds."""

from __future__ import annotations

import shutil

import pytest
import yaml

from publisher.run import execute_run, start_run
from publisher.visibility import is_public
from tests.conftest import ROOT

PROACTIVE = {"publisher": {"disclosure": {"attribute": "proactive"}}}
WITHHELD = {"publisher": {"disclosure": {"attribute": "withheld"}}}


@pytest.mark.parametrize("outcome, manifest, descriptor, row, public", [
    ("published", PROACTIVE, "proactive", "proactive", True),
    ("unchanged", PROACTIVE, "proactive", None, True),
    ("published", PROACTIVE, None, "proactive", True),  # folder removed: the rest decide
    ("withdrawn", PROACTIVE, "proactive", "proactive", False),
    (None, PROACTIVE, "proactive", "proactive", False),  # never published
    ("published", None, "proactive", "proactive", False),  # the named release is missing
    ("published", PROACTIVE, "withheld", "proactive", False),  # switched, not yet rerun
    ("published", PROACTIVE, "on_request", None, False),
    ("published", PROACTIVE, "", "proactive", False),  # a descriptor without an attribute
    ("published", PROACTIVE, "proactive", "withheld", False),
    ("published", WITHHELD, "proactive", "proactive", False),
    ("published", {}, "proactive", "proactive", False),
])
def test_rule(outcome, manifest, descriptor, row, public):
    assert is_public(last_outcome=outcome, release_manifest=manifest,
                     descriptor_attribute=descriptor, row_attribute=row) is public


NAME = "spot-check-items"


@pytest.fixture
def settings_overrides(settings_overrides, tmp_path):
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets)
    shutil.copytree(ROOT / "datasets" / NAME, datasets / NAME)
    return {**settings_overrides, "datasets_dir": str(datasets)}


@pytest.mark.db
def test_a_switch_to_withheld_hides_the_dataset_everywhere_at_once(services, client,
                                                                   live_server, portal_client):
    run_id = start_run(services, None, False, "test")
    [outcome] = execute_run(services, run_id, None, False, client=portal_client,
                            portal_url=live_server)
    assert outcome.outcome == "published"
    paths = ("/api/v1/datasets", f"/api/v1/datasets/{NAME}", "/catalog.ttl",
             f"/dataset/{NAME}.ttl", "/", f"/datasets/{NAME}")
    assert all(NAME in client.get(p).get_data(as_text=True) for p in paths)

    descriptor = services.settings.datasets_path / NAME / "datapackage.yaml"
    raw = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    raw["disclosure"] = {"attribute": "withheld", "basis": "条例第十六条", "reason": "内部事务"}
    descriptor.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    for path in paths:  # no rerun yet: the surfaces follow the descriptor at once
        response = client.get(path)
        assert response.status_code == 404 or NAME not in response.get_data(as_text=True), path
