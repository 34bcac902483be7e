"""The pages' release downloads serve a file only while it has the checksum its release
recorded (issue 15: a replaced release file was served)."""

from __future__ import annotations

import pytest

from tests.browser import published_state as ps

pytestmark = pytest.mark.db


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return ps.overrides(tmp_path, database_url)


def test_a_replaced_release_file_is_never_served(client, services):
    ps.build(services)
    url = "/datasets/bus-stops/releases/1/bus.csv"
    with client.get(url) as ok:
        assert ok.status_code == 200
    [path] = (services.settings.instance_path / "releases").glob("bus-stops/1/data/bus.csv")
    path.chmod(0o644)
    path.write_text("stop_id,stop_name,district\nS0001,替换,x\n", "utf-8")
    with client.get(url) as refused:
        assert refused.status_code == 404
    page = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert "替换" not in page  # nor previewed


def test_examples_use_site_url_not_the_host_header(client, services):
    ps.build(services)
    page = client.get("/datasets/bus-stops", headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.get_data(as_text=True)


@pytest.mark.parametrize("prefix", ["/api/v1/datasets/", "/datasets/"])
def test_unknown_and_withheld_names_do_the_same_work(client, services, monkeypatch, prefix):
    ps.build(services)
    loads: list[str] = []
    real = services.load

    def counting(name):
        loads.append(name)
        return real(name)

    monkeypatch.setattr(services, "load", counting)
    work = {}
    for name in ("personnel-files", "no-such-dataset"):
        loads.clear()
        assert client.get(prefix + name).status_code == 404
        work[name] = len(loads)
    assert work["personnel-files"] == work["no-such-dataset"] >= 1
