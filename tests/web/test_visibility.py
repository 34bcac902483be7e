"""The anonymous-visibility rule over every combination of attribute records and outcomes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from publisher.dataset import Dataset, Disclosure
from publisher.models import DatasetRow, Hold, PublishItem, Release
from publisher.web.status_data import Facts

ATTRIBUTES = st.sampled_from(["proactive", "on_request", "withheld", ""])
OUTCOMES = st.sampled_from(["published", "unchanged", "withdrawn"])


def dataset(attribute: str) -> Dataset:
    return Dataset(name="d", folder=Path("d"), title="t", description="",
                   disclosure=Disclosure(attribute), department="", catalogue_column="",
                   openness="", update_frequency="", review="required", resources=())


@given(descriptor=st.none() | ATTRIBUTES, row=st.none() | ATTRIBUTES,
       manifest=ATTRIBUTES, outcomes=st.lists(OUTCOMES, max_size=4), held=st.booleans())
def test_public_only_when_published_and_every_record_says_proactive(descriptor, row, manifest,
                                                                    outcomes, held):
    items = [PublishItem(dataset="d", outcome=o, release_version=1, run_id=1,
                         created_at=datetime(2025, 1, 1)) for o in outcomes]
    fact = Facts(
        "d", dataset=None if descriptor is None else dataset(descriptor),
        row=None if row is None else DatasetRow(name="d", attribute=row),
        releases=[Release(dataset="d", version=1, checksum="c", path="p",
                          manifest={"publisher": {"disclosure": {"attribute": manifest}}})],
        items=items,  # newest first
        hold=Hold(dataset="d", held_by="值班员", reason="紧急撤回") if held else None)
    published = bool(outcomes) and outcomes[0] in ("published", "unchanged")
    # a descriptor or release stating no attribute counts as "not proactive" (stays hidden);
    # a state row with an empty attribute only means "never checked"
    records = ([] if descriptor is None else [descriptor]) + ([row] if row else []) + (
        [manifest] if published else [])
    expected = (not held and published and bool(records)
                and all(a == "proactive" for a in records))
    assert fact.public == expected
    if held:  # a hold wins over every other record
        assert fact.state == "held"
    elif (descriptor if descriptor is not None else row) in ("withheld", "on_request"):
        assert fact.state == "not-public"  # the attribute in force: descriptor, else the row
    if fact.public:
        assert "withheld" not in records and "on_request" not in records
