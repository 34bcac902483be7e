"""The feeds as real harvesters read them (ckanext-dcat, ckanext-harvest): keywords that CKAN
accepts as tags, one catalogue ``dct:modified`` on every page, one publisher node, its homepage
from ``site_url``, ``dct:issued`` never after ``dct:modified``."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from harvest.dcat import DCAT, HYDRA, dataset_graph
from harvest.rdf import LOCN
from publisher.services import Services
from publisher.tags import clean_tag, clean_tags
from tests.harvest.builders import add_release, manifest, sample_record

# CKAN's tag validators: word characters, spaces and -_. only; 2 to 100 characters.
CKAN_TAG = re.compile(r"^[\w \-.]{2,100}$")


def ttl(client: FlaskClient, path: str) -> Graph:
    response = client.get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def test_a_keyword_ckan_refuses_is_written_as_the_tag_it_accepts() -> None:
    record = sample_record(keywords=("互联网+政务服务", "交通", "+", "a"))
    graph = dataset_graph(record)
    written = sorted(str(k) for k in graph.objects(URIRef(record.uri), DCAT.keyword))
    assert written == ["互联网 政务服务", "交通"]
    assert all(CKAN_TAG.match(k) for k in written)


@settings(max_examples=200, deadline=None)
@given(keyword=st.text(max_size=150))
def test_every_cleaned_keyword_passes_ckans_tag_rule(keyword: str) -> None:
    tag = clean_tag(keyword)
    assert tag == "" or CKAN_TAG.match(tag)
    assert clean_tag(tag) == tag  # cleaning a tag changes nothing
    if CKAN_TAG.match(keyword) and keyword == keyword.strip() and "  " not in keyword:
        assert tag == keyword  # a keyword CKAN already accepts is kept as it is


def test_the_portal_sync_and_the_feeds_share_one_tag_rule() -> None:
    from publisher.portal_map import package_dict
    from publisher.release import ReleaseInfo

    keywords = ["互联网+政务服务", "交通", "交通", "x"]
    release = ReleaseInfo(dataset="d", version=1, checksum="0" * 64, path=Path("."),
                          manifest={**manifest("d"), "keywords": keywords}, new=True)
    tags = [t["name"] for t in package_dict(release, {}, "cc-by")["tags"]]
    assert tags == clean_tags(keywords) == ["互联网 政务服务", "交通"]


def test_issued_is_never_after_modified() -> None:
    record = sample_record(issued=datetime(2026, 12, 1), modified=datetime(2026, 11, 1))
    graph = dataset_graph(record)
    node = URIRef(record.uri)
    assert graph.value(node, DCTERMS.issued).toPython() <= \
        graph.value(node, DCTERMS.modified).toPython()
    later = sample_record(issued=datetime(2026, 10, 1), modified=datetime(2026, 11, 1))
    assert graph_issued(later) == datetime(2026, 10, 1)


def graph_issued(record) -> datetime:
    value = dataset_graph(record).value(URIRef(record.uri), DCTERMS.issued).toPython()
    return value.replace(tzinfo=None)


@pytest.fixture
def three(services: Services) -> Services:
    add_release(services, manifest("a-flows"))
    add_release(services, manifest("b-flows"))
    add_release(services, manifest("c-flows", version=2))  # the newest: created 2026-11-12
    return services


@pytest.mark.db
def test_the_catalogue_has_one_modified_on_every_page(client: FlaskClient,
                                                      three: Services) -> None:
    three.settings = dataclasses.replace(three.settings, feed_page_size=2)
    site = three.settings.site_url.rstrip("/")
    catalog = URIRef(f"{site}/catalog")
    stamps = []
    for number in (1, 2):
        graph = ttl(client, f"/catalog.ttl?page={number}")
        assert (URIRef(f"{site}/catalog.ttl?page={number}"), RDF.type,
                HYDRA.PagedCollection) in graph
        stamps.append(sorted(str(v) for v in graph.objects(catalog, DCTERMS.modified)))
    assert stamps[0] == stamps[1] == ["2026-11-12T10:00:00+00:00"]


@pytest.mark.db
def test_one_publisher_node_with_one_address_for_every_dataset(client: FlaskClient,
                                                               three: Services) -> None:
    graph = ttl(client, "/catalog.ttl")
    agents = set(graph.subjects(RDF.type, FOAF.Agent))
    assert len(agents) == 1
    publishers = {o for _, o in graph.subject_objects(DCTERMS.publisher)}
    assert publishers == agents
    assert len(set(graph.subjects(RDF.type, LOCN.Address))) == 1
    assert len(list(graph.objects(next(iter(agents)), LOCN.address))) == 1


@pytest.mark.db
def test_the_publisher_homepage_is_the_site_url(client: FlaskClient, three: Services) -> None:
    assert "homepage" not in three.vocabulary.bureau  # nothing hard-coded in bureau.yaml
    three.settings = dataclasses.replace(three.settings, site_url="https://data.example.org")
    graph = ttl(client, "/catalog.ttl")
    agent = next(iter(graph.subjects(RDF.type, FOAF.Agent)))
    homepages = [str(h) for h in graph.objects(agent, FOAF.homepage)]
    assert homepages and all(h.startswith("https://data.example.org") for h in homepages)


@pytest.mark.db
def test_no_served_dataset_is_issued_after_it_was_modified(client: FlaskClient,
                                                           three: Services) -> None:
    graph = ttl(client, "/catalog.ttl")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 3
    for node in datasets:
        issued, modified = graph.value(node, DCTERMS.issued), graph.value(node, DCTERMS.modified)
        assert issued is not None and modified is not None
        assert issued.toPython() <= modified.toPython()
