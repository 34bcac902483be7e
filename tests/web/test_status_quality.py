"""The status API shows each published dataset's MQA score and the points it misses."""

from __future__ import annotations

import json

import pytest

from publisher.web.status_data import quality_scores
from tests.harvest.builders import add_release, manifest, withdraw
from tests.web.catalogue import HIDDEN, PUBLIC, UNPUBLISHED

pytestmark = pytest.mark.db
BRIEF = {"score", "maximum", "rating", "rating_zh", "missing_points"}


def test_list_and_detail_show_the_score_and_what_is_missing(client, seeded, runner):
    [item] = client.get("/api/v1/datasets").get_json()["items"]
    brief = item["quality"]
    assert set(brief) == BRIEF  # compact in the list
    # The seeded release has no resources, keywords or temporal coverage: a poor score.
    assert brief["maximum"] == 405 and brief["score"] < 121
    assert (brief["rating"], brief["rating_zh"]) == ("Bad", "差")
    assert brief["missing_points"] == 405 - brief["score"]

    quality = client.get(f"/api/v1/datasets/{PUBLIC}").get_json()["quality"]
    assert {k: quality[k] for k in BRIEF} == brief
    assert quality["urls_checked"] is False
    dims = {d["dimension"]: d for d in quality["dimensions"]}
    assert set(dims) == {"Findability", "Accessibility", "Interoperability", "Reusability",
                         "Contextuality"}
    assert sum(d["maximum"] for d in dims.values()) == 405
    assert sum(d["score"] for d in dims.values()) == pytest.approx(brief["score"])
    missing = {m["indicator"]: m for m in quality["missing"]}
    assert sum(m["points"] for m in missing.values()) == pytest.approx(brief["missing_points"])
    assert missing["keyword usage"]["note"] == "no dcat:keyword"
    assert missing["download URL"]["dimension"] == "Accessibility"
    # The same figures as `publisher quality` without URL checks.
    result = runner(["quality", "--no-check-urls", "--format", "json", PUBLIC])
    [cli] = json.loads(result.output)
    assert (cli["score"], cli["rating"]) == (brief["score"], brief["rating"])
    assert cli["missing"] == quality["missing"]


def test_a_complete_release_scores_excellent(client, seeded, services):
    add_release(services, manifest(PUBLIC, version=3))
    [item] = client.get("/api/v1/datasets").get_json()["items"]
    assert item["current_release"]["version"] == 3
    assert item["quality"]["rating"] == "Excellent" and item["quality"]["score"] >= 351
    quality = client.get(f"/api/v1/datasets/{PUBLIC}").get_json()["quality"]
    assert quality["missing"] == [] and quality["missing_points"] == 0


def test_no_score_outside_the_public_catalogue(client, seeded, steward, services):
    items = {d["name"]: d for d in client.get("/api/v1/datasets",
                                              headers=steward).get_json()["items"]}
    assert items[PUBLIC]["quality"] is not None
    for name in (*HIDDEN, UNPUBLISHED):
        assert items[name]["quality"] is None
        assert client.get(f"/api/v1/datasets/{name}", headers=steward).get_json()[
            "quality"] is None
    withdraw(services, PUBLIC)
    assert client.get(f"/api/v1/datasets/{PUBLIC}", headers=steward).get_json()[
        "quality"] is None


def test_an_unchanged_release_is_scored_once(seeded, services):
    first, again = quality_scores(services), quality_scores(services)
    assert set(first) == {PUBLIC}
    assert again[PUBLIC] is first[PUBLIC]
    add_release(services, manifest(PUBLIC, version=3))
    assert quality_scores(services)[PUBLIC] is not first[PUBLIC]
