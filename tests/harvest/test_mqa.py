"""MQA scoring of the DCAT output: 405 points, rating bands, URL checks on the running service."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from rdflib import Graph

from harvest.mqa import MAXIMUM, quality_for
from harvest.records import records_from_state
from publisher.services import Services
from tests.harvest.builders import (
    add_release,
    declared_record,
    manifest,
    proactive_datasets,
    sample_record,
)


def test_a_complete_record_earns_every_point_without_url_checks() -> None:
    score = quality_for(sample_record(), check_urls=False)
    assert (score.total, score.maximum, score.rating) == (405, MAXIMUM, "Excellent")
    assert score.missing == [] and not score.urls_checked
    assert score.dimensions() == {"Findability": (100, 100), "Accessibility": (100, 100),
                                  "Interoperability": (110, 110), "Reusability": (75, 75),
                                  "Contextuality": (20, 20)}


def test_missing_metadata_costs_the_documented_points() -> None:
    record = sample_record()
    dist = replace(record.distributions[0], byte_size=None, rights="", licence="Proprietary-1")
    poor = replace(record, keywords=(), spatial=(), temporal_start=None, temporal_end=None,
                   issued=None, distributions=(dist,))
    score = quality_for(poor, check_urls=False)
    lost = {(i.dimension, i.name): i.missing for i in score.missing}
    assert lost == {("Findability", "keyword usage"): 30, ("Findability", "geo search"): 20,
                    ("Findability", "time-based search"): 20,
                    ("Reusability", "licence vocabulary"): 10, ("Contextuality", "rights"): 5,
                    ("Contextuality", "file size"): 5, ("Contextuality", "date of issue"): 5}
    assert score.total == 405 - 95 and score.rating == "Good"


def test_rating_bands() -> None:
    bare = replace(sample_record(), keywords=(), themes=(), spatial=(), temporal_start=None,
                   temporal_end=None, distributions=())
    score = quality_for(bare, check_urls=False)
    assert score.rating in {"Sufficient", "Bad"} and score.total <= 220


def test_only_loopback_urls_are_contacted() -> None:
    record = sample_record()
    dist = replace(record.distributions[0], access_url="http://example.org/data.csv",
                   download_url="http://example.org/data.csv")
    score = quality_for(replace(record, distributions=(dist,)), check_urls=True)
    notes = {i.name: i.note for i in score.missing}
    assert notes["access URL accessibility"].startswith("not checked")
    assert score.total == 405 - 80


@pytest.mark.db
def test_published_datasets_are_excellent_against_the_running_service(
        services: Services, live_server: str, dcat_shapes: Graph) -> None:
    add_release(services, manifest("a-flows"))
    add_release(services, manifest("b-flows", version=3, column="财政预决算"))
    records = records_from_state(services, live_server)
    assert [r.name for r in records] == ["a-flows", "b-flows"]
    for record in records:
        score = quality_for(record, check_urls=True, shapes=dcat_shapes)
        assert (score.total, score.rating, score.urls_checked) == (405, "Excellent", True)
    # A dead link costs the accessibility points, and says why.
    broken = replace(records[0].distributions[0],
                     download_url=f"{live_server}/releases/a-flows/1/data/missing.csv",
                     access_url=f"{live_server}/releases/a-flows/1/data/missing.csv")
    score = quality_for(replace(records[0], distributions=(broken,)), check_urls=True)
    assert {i.name: i.note for i in score.missing} == {
        "access URL accessibility": "HTTP 404", "download URL accessibility": "HTTP 404"}
    assert score.total == 325 and score.rating == "Good"


@pytest.mark.db
def test_quality_command(services: Services, live_server: str, runner: Any) -> None:
    add_release(services, manifest("a-flows"))
    add_release(services, manifest("secret", attribute="withheld"))
    result = runner(["quality", "--format", "json", "--base-url", live_server])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(d["dataset"], d["score"], d["rating"], d["missing"]) for d in data] == [
        ("a-flows", 405, "Excellent", [])]
    text = runner(["quality", "a-flows", "--no-check-urls", "--lang", "en"])
    assert text.exit_code == 0 and "405/405  Excellent" in text.output
    assert "URLs not checked" in text.output
    hidden = runner(["quality", "secret", "--lang", "en"])
    assert hidden.exit_code == 2 and "not in the public catalogue" in hidden.output


@pytest.mark.parametrize("name", proactive_datasets())
def test_every_declared_proactive_dataset_is_excellent(name: str, dcat_shapes: Graph) -> None:
    score = quality_for(declared_record(name), check_urls=False, shapes=dcat_shapes)
    assert score.rating == "Excellent", score.to_dict()
