"""The DCAT output passes the DCAT-AP 3.0.1 shapes, range and vocabulary shapes offline.

Only Warnings are allowed: the bureau is not in the EU corporate-body table and its city is not
in the EU place table. No import file is loaded (they need the network).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from harvest.dcat import DCAT, CatalogInfo, Page, catalog_graph, dataset_graph
from harvest.records import CatalogRecord, publisher_from
from tests.harvest.builders import BUREAU, SITE, declared_record, proactive_datasets, sample_record


def results(data: Graph, shapes: Graph) -> dict[str, list[str]]:
    """Severity name -> the messages of that severity."""
    _, report, _ = validate(data, shacl_graph=shapes, inference="none")
    out: dict[str, list[str]] = {"Violation": [], "Warning": [], "Info": []}
    # Top-level results only: sh:detail nests the sub-shape results a Warning is made of.
    for result in report.objects(None, SH.result):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        path = report.value(result, SH.resultPath)
        out[severity].append(f"{report.value(result, SH.focusNode)} {path}: "
                             f"{report.value(result, SH.resultMessage)}")
    return out


def catalogue(records: list[CatalogRecord]) -> Graph:
    info = CatalogInfo(f"{SITE}/catalog", "汕尾市交通运输局开放数据目录", "Open data catalogue",
                       "主动公开的数据集", "Proactively disclosed datasets",
                       publisher_from(BUREAU, SITE), f"{SITE}/")
    return catalog_graph(records, info, Page(1, 100, len(records), f"{SITE}/catalog.ttl"))


def test_a_catalogue_of_constructed_records_has_no_violations(dcat_shapes: Graph) -> None:
    records = [sample_record("bus-flows"), sample_record("budget", themes=("ECON", "TRAN")),
               sample_record("no-dates", temporal_start=None, temporal_end=None)]
    found = results(catalogue(records), dcat_shapes)
    assert found["Violation"] == []
    # Expected, and only these: the publisher is no EU corporate body, the city no EU place.
    assert found["Warning"]
    assert all("publisher" in w or "spatial" in w for w in found["Warning"])


def test_one_dataset_alone_has_no_violations(dcat_shapes: Graph) -> None:
    assert results(dataset_graph(sample_record()), dcat_shapes)["Violation"] == []


def test_the_shapes_catch_a_broken_record(dcat_shapes: Graph) -> None:
    """The check can fail: a distribution without accessURL and a bad byteSize are refused."""
    record = sample_record()
    dist = replace(record.distributions[0], access_url="")
    graph = dataset_graph(replace(record, distributions=(dist,)))
    graph.set((URIRef(dist.uri), DCAT.byteSize, Literal("about 120 KB")))
    violations = results(graph, dcat_shapes)["Violation"]
    assert any("accessURL" in v for v in violations)
    assert any("byteSize" in v for v in violations)


@pytest.mark.parametrize("name", proactive_datasets())
def test_every_declared_proactive_dataset_has_no_violations(name: str,
                                                            dcat_shapes: Graph) -> None:
    found = results(catalogue([declared_record(name)]), dcat_shapes)
    assert found["Violation"] == [], name
