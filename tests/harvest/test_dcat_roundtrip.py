"""The DCAT profile writes and reads: a record written in any serialisation reads back equal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from harvest.dcat import (
    DCAT,
    CatalogInfo,
    Page,
    catalog_graph,
    dataset_graph,
    read_catalog,
    serialize,
)
from harvest.records import publisher_from
from harvest.vocabularies import AUTHORITY, DATA_THEME, FREQUENCY
from publisher.tags import clean_tags
from tests.harvest.builders import BUREAU, SITE, plain_record, sample_record

FORMATS = ("turtle", "json-ld", "xml")

# Text that every serialisation can carry: XML 1.0 has no control characters or surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"),
                             blacklist_characters="\ufffe\uffff"), max_size=30)
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1,
                  max_size=12)
NAME = st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_record_reads_back_equal(fmt: str) -> None:
    record = sample_record()
    text = serialize(dataset_graph(record), fmt)
    assert read_catalog(text, fmt) == [record]


def test_reading_a_graph_and_a_catalogue_of_several() -> None:
    records = [sample_record("a-flows"), sample_record("b-flows", version="9")]
    info = CatalogInfo(f"{SITE}/catalog", "目录", "Catalogue", "说明", "About",
                       publisher_from(BUREAU, SITE), f"{SITE}/")
    graph = catalog_graph(records, info, Page(1, 10, 2, f"{SITE}/catalog.ttl"))
    assert read_catalog(graph) == records


@settings(max_examples=30, deadline=None)
@given(issued=st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 1),
                                                max_value=datetime(2200, 1, 1))),
       start=st.one_of(st.none(), st.dates()), end=st.one_of(st.none(), st.dates()),
       disclosure=st.sampled_from(["proactive", "on_request", "withheld"]),
       frequency=st.sampled_from(sorted(FREQUENCY.labels)),
       themes=st.sets(st.sampled_from(sorted(DATA_THEME.labels)), min_size=1),
       fmt=st.sampled_from(FORMATS))
def test_dates_and_vocabulary_values_round_trip(
        issued: datetime | None, start: date | None, end: date | None, disclosure: str,
        frequency: str, themes: set[str], fmt: str) -> None:
    record = replace(sample_record(), issued=issued, modified=issued, temporal_start=start,
                     temporal_end=end, disclosure=disclosure, frequency=frequency,
                     themes=tuple(themes))
    assert read_catalog(serialize(dataset_graph(record), fmt), fmt) == [record]


@settings(max_examples=40, deadline=None)
@given(name=NAME, title=st.one_of(CHINESE, TEXT), text=TEXT,
       keywords=st.lists(st.one_of(CHINESE, TEXT.filter(bool)), max_size=4),
       size=st.one_of(st.none(), st.integers(min_value=0, max_value=2**63)),
       sha=st.one_of(st.just(""), st.text("0123456789abcdef", min_size=64, max_size=64)),
       fmt=st.sampled_from(FORMATS))
def test_any_record_round_trips(name: str, title: str, text: str, keywords: list[str],
                                size: int | None, sha: str, fmt: str) -> None:
    record = plain_record(name, title, text, tuple(keywords), size, sha)
    # Keywords are written as the portal's tags (CKAN's tag rule), the rest exactly.
    written = replace(record, keywords=tuple(clean_tags(keywords)))
    assert read_catalog(serialize(dataset_graph(record), fmt), fmt) == [written]


def test_identifier_is_stable_across_release_versions() -> None:
    first, second = sample_record(), sample_record(version="2")
    for record in (first, second):
        graph = dataset_graph(record)
        assert (URIRef(f"{SITE}/dataset/bus-flows"), RDF.type, DCAT.Dataset) in graph
        assert str(graph.value(URIRef(record.uri), DCTERMS.identifier)) == record.uri
    assert first.uri == second.uri


def test_every_eu_concept_is_typed_and_in_its_scheme() -> None:
    graph = dataset_graph(sample_record())
    used = {o for o in graph.objects() if isinstance(o, URIRef)
            and str(o).startswith(AUTHORITY) and str(o).count("/") > 5}
    assert {str(u).rsplit("/", 1)[-1] for u in used} >= {
        "ZHO", "ENG", "CSV", "MONTHLY", "TRAN", "JUST", "PUBLIC", "CHN", "CC_BY_4_0"}
    for concept in used:
        scheme = graph.value(concept, SKOS.inScheme)
        assert scheme is not None, concept
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert graph.value(scheme, DCTERMS.title) is not None


def test_byte_size_is_a_non_negative_integer_and_titles_are_bilingual() -> None:
    record = sample_record()
    graph = dataset_graph(record)
    size = graph.value(URIRef(record.distributions[0].uri), DCAT.byteSize)
    assert isinstance(size, Literal) and size.datatype == XSD.nonNegativeInteger
    langs = {t.language for t in graph.objects(URIRef(record.uri), DCTERMS.title)
             if isinstance(t, Literal)}
    assert langs == {"zh", "en"}


def test_access_rights_follow_the_disclosure_attribute() -> None:
    for attribute, code in (("proactive", "PUBLIC"), ("on_request", "RESTRICTED"),
                            ("withheld", "NON_PUBLIC")):
        record = replace(sample_record(), disclosure=attribute)
        graph = dataset_graph(record)
        value = graph.value(URIRef(record.uri), DCTERMS.accessRights)
        assert str(value).endswith("/access-right/" + code)
        assert read_catalog(graph)[0].disclosure == attribute


def test_reader_accepts_foreign_dcat_with_missing_parts() -> None:
    text = f"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    <{SITE}/dataset/x> a dcat:Dataset ; dct:title "只有标题" ."""
    [record] = read_catalog(text, "turtle")
    assert (record.name, record.title_zh, record.distributions) == ("x", "只有标题", ())
    assert isinstance(Graph().parse(data=text, format="turtle"), Graph)
