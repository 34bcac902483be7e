"""Records come from the state database: newest live release, proactive only, never withdrawn."""

from __future__ import annotations

from datetime import datetime

import pytest

from harvest.records import records_from_state
from publisher.services import Services
from tests.harvest.builders import add_release, manifest, withdraw

pytestmark = pytest.mark.db
BASE = "http://127.0.0.1:9999"


def test_newest_live_release_is_used_and_issued_is_the_first(services: Services) -> None:
    add_release(services, manifest("bus-flows", version=1))
    add_release(services, manifest("bus-flows", version=2), outcome="unchanged")
    add_release(services, manifest("bus-flows", version=3), outcome="blocked")
    add_release(services, manifest("bus-flows", version=4), outcome="failed")
    [record] = records_from_state(services, BASE)
    assert record.version == "2"
    assert record.uri == f"{services.settings.site_url}/dataset/bus-flows"
    assert record.modified == datetime(2026, 11, 12, 10, 0)
    assert record.issued is not None and record.issued <= datetime.now()
    dist = record.distributions[0]
    assert dist.download_url == f"{BASE}/releases/bus-flows/2/data/flows.csv"
    assert (dist.format, dist.media_type, dist.licence) == ("CSV", "text/csv", "CC-BY-4.0")
    assert len(dist.sha256) == 64 and dist.byte_size and dist.byte_size > 0
    assert record.frequency == "MONTHLY" and record.themes == ("JUST", "TRAN")
    assert record.publisher.identifier == "11441500MB2C000138"
    assert record.title_en == "bus-flows data"


def test_only_proactive_datasets_appear(services: Services) -> None:
    add_release(services, manifest("open-one"))
    add_release(services, manifest("asked-one", attribute="on_request"))
    add_release(services, manifest("secret-one", attribute="withheld"))
    assert [r.name for r in records_from_state(services, BASE)] == ["open-one"]


def test_unpublished_and_withdrawn_datasets_are_gone(services: Services) -> None:
    add_release(services, manifest("planned-one"), outcome="planned")
    add_release(services, manifest("gone-one"))
    add_release(services, manifest("back-one"))
    withdraw(services, "gone-one")
    withdraw(services, "back-one")
    add_release(services, manifest("back-one", version=2))
    assert [(r.name, r.version) for r in records_from_state(services, BASE)] == [
        ("back-one", "2")]


def test_portal_urls_recorded_by_the_publish_item_are_the_download_urls(
        services: Services) -> None:
    url = "http://127.0.0.1:8080/dataset/abc/resource/def/download/flows.csv"
    add_release(services, manifest("bus-flows"), detail={"resource_urls": {"flows": url}})
    [record] = records_from_state(services, BASE)
    assert record.distributions[0].download_url == url


def test_a_portal_url_in_the_manifest_is_used_when_the_item_has_none(
        services: Services) -> None:
    data = manifest("bus-flows")
    data["resources"][0]["url"] = "http://127.0.0.1:8080/files/flows.csv"
    add_release(services, data)
    [record] = records_from_state(services, BASE)
    assert record.distributions[0].download_url == "http://127.0.0.1:8080/files/flows.csv"
